package io.weft;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link Asyncio#shield}: Python's {@code tasks.shield}. An outer future mirrors the inner one;
 * cancelling the outer (which is what cancelling the awaiting task does) leaves the inner running.
 *
 * <p>Race analysis. The two callbacks run on the loop, in either order:
 *
 * <ul>
 *   <li>inner completes first: {@code innerDone} copies its outcome to the outer, whose own
 *       callback then finds the inner done and does nothing;
 *   <li>outer is cancelled first: {@code outerDone} unhooks {@code innerDone} and hooks {@link
 *       #LOG_ON_EXCEPTION} instead, so an inner failure that nobody can receive any more is
 *       reported rather than lost (Python 3.14);
 *   <li>both done in the same pass: {@code innerDone} sees the outer cancelled and leaves the
 *       inner alone; {@code outerDone} sees the inner done and hooks nothing.
 * </ul>
 */
final class Shield {
  private Shield() {}

  /**
   * Python's {@code _log_on_exception}: one shared instance, removed and re-added by each shield,
   * so several cancelled shields over one inner future report its failure once.
   */
  static final Consumer<Future<?>> LOG_ON_EXCEPTION = Shield::logOnException;

  private static void logOnException(Future<?> fut) {
    if (fut.cancelled()) {
      return;
    }
    Throwable exc = fut.exception();
    if (exc == null) {
      return;
    }
    fut.getLoop().callExceptionHandler(EventLoop.context(
        exc.getClass().getSimpleName() + " exception in shielded future", exc, "future", fut));
  }

  /**
   * Copies the inner future's outcome to the outer one; the call graph follows it to the tasks
   * awaiting the outer future (Python 3.14 records the shielding task as the inner's awaiter).
   */
  private static final class InnerDone<T> implements Consumer<Future<T>>, WaitingCallback {
    private final Future<T> outer;

    InnerDone(Future<T> outer) {
      this.outer = outer;
    }

    @Override
    public void accept(Future<T> inner) {
      if (outer.cancelled()) {
        return;
      }
      if (inner.cancelled()) {
        outer.cancel(); // the inner was cancelled by other means: the shield does not hide that
      } else {
        Throwable exc = inner.exception();
        if (exc != null) {
          outer.setException(exc);
        } else {
          outer.setResult(inner.result());
        }
      }
    }

    @Override
    public Future<?> awaiter() {
      return outer;
    }
  }

  static <T> Future<T> shield(Awaitable<T> aw) {
    Objects.requireNonNull(aw, "shield() awaitable");
    Future<T> inner = Asyncio.ensureFuture(aw);
    if (inner.done()) {
      return inner; // Python's shortcut: nothing left to protect
    }
    Future<T> outer = inner.getLoop().createFuture();
    Consumer<Future<T>> innerDone = new InnerDone<>(outer);
    inner.addDoneCallback(innerDone);
    outer.addDoneCallback(o -> {
      if (!inner.done()) {
        inner.removeDoneCallback(innerDone);
        inner.removeDoneCallback(LOG_ON_EXCEPTION);
        inner.addDoneCallback(LOG_ON_EXCEPTION);
      }
    });
    return outer;
  }
}
