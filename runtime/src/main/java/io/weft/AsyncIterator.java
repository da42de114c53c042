package io.weft;

/**
 * Something a coroutine can iterate with awaits between the elements: Python's asynchronous
 * iterator ({@code __anext__}), in the shape of a Java iterator whose {@code hasNext()} is
 * awaited. Python's {@code async for x in it:} is written
 *
 * <pre>{@code
 * for (var it = ticker(3); await(it.hasNext()); ) {   // async for x in ticker(3):
 *     int x = it.next();                             //     (x is bound)
 *     ...
 * }
 * }</pre>
 *
 * Async generators ({@link AsyncGenerator}) implement it, and so can hand-written sources of
 * values (a stream reader's lines, {@code asCompleted}'s results).
 *
 * <p><b>Contract.</b> {@link #hasNext()} returns an awaitable; awaiting it suspends until the next
 * element is ready (evaluating to true) or the iteration has ended (false), and raises whatever
 * error producing the element raised. It is a cancellation point when it suspends. {@link
 * #next()} then takes that element without suspending, once. Iterators are not thread-safe: use
 * one from the coroutines of one event loop, one {@code hasNext()} at a time.
 *
 * @param <T> the type of the elements
 */
public interface AsyncIterator<T> {

  /**
   * Returns an awaitable that fetches the next element: awaited, it evaluates to true when there
   * is one for {@link #next()} to take, false when the iteration has ended. Python's {@code
   * __anext__}, with {@code StopAsyncIteration} turned into {@code false}.
   *
   * @return the awaitable; never null. Await it once.
   */
  Awaitable<Boolean> hasNext();

  /**
   * Takes the element the last awaited {@link #hasNext()} fetched. Does not suspend.
   *
   * @return the element. May be null when the source produced null.
   * @throws java.util.NoSuchElementException when no awaited {@code hasNext()} fetched one
   */
  T next();
}
