/**
 * The {@code -javaagent} shell around the weaver: {@link io.weft.agent.Premain} (the manifest's
 * {@code Premain-Class} and {@code Agent-Class}), {@link io.weft.agent.AgentOptions} (the agent
 * argument) and {@link io.weft.agent.WeavingTransformer} (filter, log, delegate to {@link
 * io.weft.weaver.Weaver}). Weaving itself lives in {@code io.weft.weaver}, shared with {@code
 * weft-maven-plugin}; nothing here knows bytecode beyond reading it for a dump.
 */
package io.weft.agent;
