package io.weft;

/**
 * Where a generator or coroutine object is in its life. Mirrors the values of Python's {@code
 * inspect.getgeneratorstate} ({@code GEN_CREATED}, {@code GEN_RUNNING}, {@code GEN_SUSPENDED},
 * {@code GEN_CLOSED}) and {@code inspect.getcoroutinestate} ({@code CORO_*}).
 *
 * <pre>
 *   CREATED ──send/next──▶ RUNNING ──yield/await──▶ SUSPENDED ──send/throwIn──▶ RUNNING
 *      │                     │                          │
 *      └──close──▶ CLOSED ◀──return or exception────────┴──close (finally blocks run)
 * </pre>
 */
public enum CoroutineState {
  /** Created by calling the {@code @Coroutine} method; no line of the body has run. */
  CREATED,
  /** Its body is executing right now (on this thread: re-entry is an error). */
  RUNNING,
  /** Stopped at a suspension point ({@code yield}, {@code yieldFrom}, {@code await}). */
  SUSPENDED,
  /** Finished: returned, raised, or was closed. */
  CLOSED
}
