package io.weft;

import io.weft.internal.NotWoven;

/**
 * An asynchronous generator: the object returned by a {@link Coroutine @Coroutine} method whose
 * return type is {@code AsyncGenerator<T>}, whose body may both await and yield. Mirrors Python's
 * async generator object (PEP 525) and its protocol.
 *
 * <pre>{@code
 * @Coroutine
 * static AsyncGenerator<Integer> ticker(int n, double delay) {
 *     for (int i = 0; i < n; i++) {
 *         await(sleep(delay));          // Python: await asyncio.sleep(delay)
 *         AsyncGenerator.yield(i);      // Python: yield i
 *     }
 *     return AsyncGenerator.done();     // Python: return
 * }
 *
 * @Coroutine
 * static Coro<Integer> sum() {
 *     int total = 0;
 *     for (var it = ticker(3, 0.1); await(it.hasNext()); ) {   // async for i in ticker(3, .1):
 *         total += it.next();
 *     }
 *     return done(total);
 * }
 * }</pre>
 *
 * <p><b>Protocol.</b> {@link #anext()}, {@link #asend(Object)}, {@link #athrow(Throwable)} and
 * {@link #aclose()} return coroutines to await (Python's {@code __anext__}, {@code asend}, {@code
 * athrow}, {@code aclose}); nothing runs until they are awaited. Awaiting one runs the body in
 * the awaiting task: the body's own awaits suspend that task as any await does, and its next
 * {@link #yield(Object)} completes the awaited call with the yielded value. As an {@link
 * AsyncIterator}, {@link #hasNext()} / {@link #next()} are {@code async for}.
 *
 * <p><b>Contract.</b> Awaiting the protocol coroutines suspends whenever the body awaits
 * something that is not ready; each is a cancellation point there, and cancelling raises the
 * cancellation inside the body, at its await, where {@code finally} blocks run. Only one of them
 * may run at a time: starting another while one is in flight fails with "anext(): asynchronous
 * generator is already running" (or {@code athrow()}/{@code aclose()}). Not thread-safe: use it
 * from the coroutines of one event loop. On its first iteration the generator is reported to
 * the running loop (Python's {@code sys.set_asyncgen_hooks(firstiter=...)}), so the loop's
 * {@code shutdownAsyncgens} can close it.
 *
 * <p><b>Suspension points</b> are {@link #yield(Object)} and {@code Asyncio.await}; {@link
 * #done()} ends the body. {@code Generator.yieldFrom} is refused in an async generator, as
 * Python forbids {@code yield from} there. They are rewritten by the weaver and throw {@link
 * IllegalStateException} when called from code that was not woven.
 *
 * @param <T> the type of the values it yields
 */
public interface AsyncGenerator<T> extends AsyncIterator<T> {

  /**
   * Returns a coroutine that runs the body to its next {@code yield}: awaited, it evaluates to
   * the yielded value. Python's {@code agen.__anext__()} ({@code anext(agen)}).
   *
   * @return the coroutine; await it once
   * @throws StopAsyncIteration from the await, when the body returns (and on every later
   *     {@code anext()})
   * @throws IllegalStateException from the await: "anext(): asynchronous generator is already
   *     running" when another call is in flight; "a value fetched by hasNext() has not been
   *     taken by next(): call next() first"
   */
  Coro<T> anext();

  /**
   * Returns a coroutine that resumes the body with {@code value} as the value of its pending
   * {@link #yield(Object)}, and runs it to the next one. Python's {@code agen.asend(value)}.
   *
   * @param value what the pending yield evaluates to. May be null; must be null for a generator
   *     that has not started (Python's rule).
   * @return the coroutine; awaited, it evaluates to the next yielded value
   * @throws StopAsyncIteration from the await, when the body returns
   * @throws IllegalArgumentException from the await, when a non-null value is sent to a
   *     generator that has not started
   */
  Coro<T> asend(Object value);

  /**
   * Returns a coroutine that raises {@code error} in the body at its pending yield. Python's
   * {@code agen.athrow(error)}. On a generator that has not started, the error is raised without
   * running the body, which is closed; on a finished generator the await evaluates to null (as
   * CPython does).
   *
   * @param error the exception to raise. Not null.
   * @return the coroutine; awaited, it evaluates to the next value the body yields if it catches
   *     {@code error} and goes on
   * @throws StopAsyncIteration from the await, when the body catches {@code error} and returns
   * @throws NullPointerException when {@code error} is null
   */
  Coro<T> athrow(Throwable error);

  /**
   * Returns a coroutine that closes the generator: raises {@link GeneratorExit} at its pending
   * yield so its {@code finally} blocks run, and those may await. Python's {@code agen.aclose()}.
   * A generator that has not started or has finished is closed at once.
   *
   * @return the coroutine; awaited, it evaluates to null once the body has finished
   * @throws IllegalStateException from the await: "async generator ignored GeneratorExit" when
   *     the body yields again instead of finishing; any other exception the body raises while
   *     closing propagates
   */
  Coro<Void> aclose();

  /**
   * Returns a coroutine that fetches the next value: awaited, it evaluates to true when the body
   * yielded one (take it with {@link #next()}), false when the body returned. Python's {@code
   * async for}, which calls {@code __anext__} and stops at {@code StopAsyncIteration}. When a
   * fetched value has not been taken yet, the coroutine evaluates to true at once.
   *
   * @return the coroutine; await it once
   */
  @Override
  Coro<Boolean> hasNext();

  /**
   * Takes the value the last awaited {@link #hasNext()} fetched. Does not suspend.
   *
   * @return the value
   * @throws java.util.NoSuchElementException when no value is waiting
   */
  @Override
  T next();

  /**
   * Returns where the generator is in its life: Python's {@code inspect.getasyncgenstate}. It is
   * {@code SUSPENDED} while an awaited protocol call waits inside the body, too.
   *
   * @return the state; never null
   */
  CoroutineState state();

  /**
   * Suspends the body, handing {@code value} to the awaited {@code anext()}/{@code asend()}/
   * {@code athrow()}. Python's {@code yield value} in an {@code async def}. The call evaluates
   * to the value of the next {@code asend} (null for {@code anext}/{@code hasNext}); the error of
   * {@code athrow} or the {@link GeneratorExit} of {@code aclose} is raised from this call.
   *
   * @param value the value to yield. May be null.
   * @param <S> the type of the value sent back
   * @return the value sent by the next {@code asend}
   * @throws IllegalStateException when called from code that was not woven
   */
  static <S> S yield(Object value) {
    throw NotWoven.error("AsyncGenerator.yield");
  }

  /**
   * Ends the body: write {@code return AsyncGenerator.done();}. Python's bare {@code return} in
   * an async generator (which cannot return a value).
   *
   * @param <T> the generator's element type
   * @return nothing: the weaver turns the {@code return} into the end of the generator
   * @throws IllegalStateException when called from code that was not woven
   */
  static <T> AsyncGenerator<T> done() {
    throw NotWoven.error("AsyncGenerator.done");
  }
}
