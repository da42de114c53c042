/**
 * The JMX view of Weft's event loops: one MXBean per JVM, {@value
 * io.weft.management.AsyncioMXBean#OBJECT_NAME}, registered the first time an event loop runs,
 * listing every live loop's tasks with their await chains and awaiters. It is what {@code java
 * -jar weft-tools.jar ps|pstree <pid>} reads (Python 3.14's {@code python -m asyncio ps|pstree}),
 * and what JConsole or VisualVM show under {@code io.weft}. Set {@code -Dweft.jmx=false} to leave
 * JMX alone.
 */
package io.weft.management;
