/**
 * Synchronization primitives and queues for tasks on one event loop: Python's {@code
 * asyncio.locks} and {@code asyncio.queues}.
 *
 * <p>None of them is thread-safe: like asyncio's, they coordinate tasks of one loop, which run
 * one at a time on the loop's thread. Each binds to the loop that first waits on it ({@link
 * io.weft.sync.LoopBound}). To pass items between threads, use {@code
 * EventLoop.callSoonThreadsafe} or {@code Asyncio.runCoroutineThreadsafe}.
 */
package io.weft.sync;
