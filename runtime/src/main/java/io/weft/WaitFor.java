package io.weft;

import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.function.Consumer;

/**
 * The coroutine {@link Asyncio#waitFor} returns: Python 3.12's {@code tasks.wait_for}, a hand-made
 * frame because the runtime is not woven.
 *
 * <pre>
 *  timeout &gt; 0:   label 0  await timeout(timeout).run(aw)  (same task; a coroutine is not wrapped)
 *                 label 1  return its value
 *  timeout &lt;= 0:  label 0  ensureFuture(aw); done? return its result
 *                          else hook a waiter, fut.cancel(), await the waiter (_cancel_and_wait)
 *                 label 2  unhook; return fut.result(), or raise TimeoutError from its
 *                          CancelledError
 * </pre>
 *
 * Awaiting the private waiter rather than {@code fut} itself keeps {@code waitFor} reliably
 * cancellable while {@code fut} finishes its cancellation (Python's {@code _cancel_and_wait}).
 */
final class WaitFor<T> extends CoroFrame {
  private Awaitable<T> aw;
  private final double timeout;
  private Future<T> fut;
  private Future<Void> waiter;
  private Consumer<Future<T>> release;

  private WaitFor(Awaitable<T> aw, double timeout) {
    this.aw = aw;
    this.timeout = timeout;
  }

  @SuppressWarnings("unchecked")
  static <T> Coro<T> waitFor(Awaitable<T> aw, double timeout) {
    java.util.Objects.requireNonNull(aw, "waitFor() awaitable");
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException(
          "waitFor() timeout is NaN: use Double.POSITIVE_INFINITY for no timeout");
    }
    return (Coro<T>) (Coro<?>) new WaitFor<>(aw, timeout);
  }

  @Override
  protected Object resume() {
    switch (label) {
      case 0:
        resumeValue();
        Awaitable<T> a = aw;
        aw = null;
        if (timeout > 0) {
          EventLoop loop = Asyncio.getRunningLoop();
          double when = timeout == Double.POSITIVE_INFINITY
              ? Double.POSITIVE_INFINITY : loop.time() + timeout;
          value = new Timeout(when).run(a);
          label = 1;
          return Frame.AWAIT;
        }
        // timeout <= 0: the awaitable does not get to run at all unless it is already done.
        fut = Asyncio.ensureFuture(a);
        if (fut.done()) {
          return fut.result();
        }
        waiter = Asyncio.getRunningLoop().createFuture();
        release = f -> {
          if (!waiter.done()) {
            waiter.setResult(null);
          }
        };
        fut.addDoneCallback(release);
        fut.cancel();
        value = waiter;
        label = 2;
        return Frame.AWAIT;
      case 1:
        return resumeValue();
      case 2:
        try {
          resumeValue();
        } finally {
          fut.removeDoneCallback(release);
        }
        try {
          return fut.result();
        } catch (CancelledError cancelled) {
          throw new TimeoutError(null, cancelled);
        }
      default:
        throw new IllegalStateException("waitFor() resumed at unknown label " + label);
    }
  }
}
