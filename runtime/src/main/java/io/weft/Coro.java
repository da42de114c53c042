package io.weft;

/**
 * A coroutine object: what calling a {@link Coroutine @Coroutine} method whose return type is
 * {@code Coro<T>} returns. Mirrors Python's coroutine object (the result of calling an {@code
 * async def}).
 *
 * <p>It is inert until awaited ({@link Asyncio#await(Awaitable)}) or scheduled as a task ({@link
 * Asyncio#createTask(Coro)}). Awaiting another coroutine — woven, or a {@code Coro} written by
 * hand — runs it in the same task without a trip through the event loop, as in Python; awaiting a
 * {@link Future}, a sleep or a {@link java.util.concurrent.CompletionStage} that is not done
 * suspends the chain and hands that awaitable to whoever drives it (the {@link Task}).
 *
 * <p>The low-level protocol below is Python's {@code coro.send}, {@code coro.throw} and {@code
 * coro.close}: a driver (a task, or a test) calls {@link #send(Object)} and gets back the
 * awaitable the coroutine is waiting for. Application code rarely calls it directly.
 *
 * @param <T> the type of the coroutine's result
 */
public interface Coro<T> extends Awaitable<T> {

  /**
   * Runs the coroutine until it waits for an awaitable that is not done, and returns that
   * awaitable. Python's {@code coro.send(value)}.
   *
   * @param value what the pending {@code await} evaluates to (null to start). May be null.
   * @return the awaitable the coroutine now waits for
   * @throws StopIteration when the coroutine returns, carrying its result
   * @throws IllegalStateException "coroutine already executing" on re-entry
   */
  Object send(Object value);

  /**
   * Raises {@code error} at the pending {@code await}. Python's {@code coro.throw(error)}.
   *
   * @param error the exception to raise. Not null.
   * @return the awaitable the coroutine waits for next, if it catches {@code error} and goes on
   * @throws StopIteration when the coroutine catches {@code error} and returns
   */
  Object throwIn(Throwable error);

  /**
   * Raises {@link GeneratorExit} at the pending {@code await} so {@code finally} blocks run.
   * Python's {@code coro.close()}.
   */
  void close();

  /**
   * Returns where the coroutine is in its life: Python's {@code inspect.getcoroutinestate}.
   *
   * @return the state; never null
   */
  CoroutineState state();
}
