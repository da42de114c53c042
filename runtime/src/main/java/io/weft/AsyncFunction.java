package io.weft;

/**
 * A function whose result is a coroutine: the shape of an {@code async def f(a)} passed around as
 * a value, e.g. the body of {@link TaskGroup#run(AsyncFunction)}. Calling {@link #apply} only
 * creates the coroutine; it runs when awaited. Python needs no such type (a coroutine function is
 * just a callable, {@code Callable[[A], Coroutine[Any, Any, R]]} in {@code typing}); Java needs a
 * functional interface whose method returns {@link Coro}, so that a lambda of it is woven.
 *
 * @param <A> the argument type
 * @param <R> the coroutine's result type
 */
@FunctionalInterface
public interface AsyncFunction<A, R> {
  /**
   * Creates the coroutine for {@code a}.
   *
   * @param a the argument. May be null if the caller allows it.
   * @return the coroutine, not yet started. Not null.
   */
  Coro<R> apply(A a);
}
