package io.weft.weaver.testing;

import io.weft.Coro;
import io.weft.internal.Frame;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Drives a coroutine by hand the way the event loop's task does ({@link Frame#advance}), until
 * the loop is merged: whatever the chain hands out must be a {@link CompletableFuture}, which the
 * driver completes with the next of the values it was given, then sends that value back (or
 * throws the failure in) as the task does when the future it waits for is done.
 */
public final class Driver {
  private Driver() {}

  /**
   * Runs {@code coro} to its end.
   *
   * @param values the values for the pending futures it hands out, in order; a {@link
   *     Throwable} fails the future with it
   * @return the coroutine's result
   */
  public static Object run(Coro<?> coro, Object... values) {
    Frame root = (Frame) coro;
    Deque<Object> next = new ArrayDeque<>(Arrays.asList(values));
    Object in = null;
    Throwable error = null;
    for (; ; ) {
      Object out = root.advance(in, error);
      if (out == Frame.RETURNED) {
        if (!next.isEmpty()) {
          throw new AssertionError("finished with values left over: " + next);
        }
        return root.takeResult();
      }
      if (!(out instanceof CompletableFuture)) {
        throw new AssertionError("the chain handed out " + out + ", not a future");
      }
      if (next.isEmpty()) {
        throw new AssertionError("the chain waits for a future no value was given for");
      }
      @SuppressWarnings("unchecked")
      CompletableFuture<Object> future = (CompletableFuture<Object>) out;
      Object value = next.poll();
      in = null;
      error = null;
      if (value instanceof Throwable) {
        future.completeExceptionally((Throwable) value);
        error = (Throwable) value;
      } else {
        future.complete(value);
        in = value;
      }
    }
  }
}
