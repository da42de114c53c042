package io.weft.internal;

/**
 * Marks the awaitables a task handles itself when a coroutine awaits them ({@code Future},
 * {@code Task}, the object {@code Asyncio.sleep} returns): the frame trampoline hands them out to
 * the task driving the chain instead of delegating to them, even when they are also a {@code
 * Coro}.
 */
public interface LoopAwaitable {}
