package io.weft.internal;

import io.weft.Asyncio;
import io.weft.CancelledError;
import io.weft.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The fast path of {@code Asyncio.await}: woven code asks {@link #isReady(Object)} before it
 * suspends, and takes {@link #readyValue(Object)} without suspending when the awaitable is
 * already done (Python's {@code Future.__await__} returns at once when the future is done), or
 * is a hand-written coroutine whose first step finishes at once ({@link EagerCoroFrame}).
 */
public final class AwaitSupport {
  private AwaitSupport() {}

  /**
   * Returns whether {@code awaitable} is done, so awaiting it need not suspend.
   *
   * @param awaitable what {@code await} was given. May be null (then not ready: the suspension
   *     reports the null).
   * @return true when {@link #readyValue(Object)} can be taken at once
   */
  public static boolean isReady(Object awaitable) {
    if (awaitable instanceof Future) {
      return ((Future<?>) awaitable).done();
    }
    if (awaitable instanceof EagerCoroFrame) {
      return ((EagerCoroFrame) awaitable).completeNow(); // runs its first step if it finishes
    }
    return awaitable instanceof CompletableFuture && ((CompletableFuture<?>) awaitable).isDone();
  }

  /**
   * Returns the value of a ready awaitable, or raises its exception unwrapped.
   *
   * @param awaitable an awaitable for which {@link #isReady(Object)} returned true
   * @return its value
   */
  public static Object readyValue(Object awaitable) {
    if (awaitable instanceof Future) {
      return ((Future<?>) awaitable).result(); // raises the exception or CancelledError as it is
    }
    if (awaitable instanceof EagerCoroFrame) {
      return ((EagerCoroFrame) awaitable).takeNowResult();
    }
    CompletableFuture<?> future = (CompletableFuture<?>) awaitable;
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      throw Frame.sneaky(failure(e));
    }
  }

  /**
   * What woven code awaits where the source says {@code await(Asyncio.sleep(delay))}: the weaver
   * calls this instead of {@code sleep} when the coroutine is awaited at once. A delay of zero or
   * less gives the shared {@link YieldOnce} (Python's {@code sleep(0)} is a bare yield: no timer,
   * no object); any other delay gives {@code Asyncio.sleep(delay)}, so a NaN raises as there.
   *
   * @param delay the seconds given to {@code sleep}
   * @return what the await hands out
   */
  public static Object sleep(double delay) {
    return delay <= 0 ? YieldOnce.INSTANCE : Asyncio.sleep(delay); // NaN <= 0 is false
  }

  /**
   * What awaiting a {@link java.util.concurrent.CompletionStage} that failed with {@code error}
   * raises: the cause, without {@link CompletionException} / {@link ExecutionException} wrappers,
   * and a cancellation as {@link CancelledError} (asyncio's error for a cancelled future). The one
   * rule for every way a stage is awaited: the fast path above, a task's wait, {@code
   * wrapFuture}.
   *
   * @param error what the stage completed with
   * @return the exception to raise
   */
  public static Throwable failure(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    if (error instanceof CancellationException) {
      CancelledError cancelled = new CancelledError(error.getMessage());
      cancelled.initCause(error);
      return cancelled;
    }
    return error;
  }
}
