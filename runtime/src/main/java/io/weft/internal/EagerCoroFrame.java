package io.weft.internal;

/**
 * A coroutine written by hand whose first step can often finish at once: {@code Queue.get()}
 * with an item there, {@code Lock.acquire()} of a free lock. Awaited from woven code, such a
 * step runs inside the await's fast path ({@link AwaitSupport#isReady}) instead of being
 * delegated to: the awaiting frame neither saves its locals nor returns to its driver, and the
 * value comes back as from a done future. Python's equivalent is the coroutine running to its
 * {@code return} inside the {@code await} without touching the loop.
 *
 * <p>Nothing observable changes: the step runs at the same moment, in the same task, with the
 * same result or exception, and the coroutine is finished afterwards ("cannot reuse already
 * awaited coroutine" if awaited again). A coroutine that cannot finish at once is left untouched
 * and delegated to as usual, where its {@link #resume()} does the same checks again. A tracked
 * coroutine (debug mode's origin tracking) always takes the usual path.
 */
public abstract class EagerCoroFrame extends CoroFrame {
  /** What {@link #tryNow()} returns when the first step would have to suspend. */
  protected static final Object NOT_NOW = new Object();

  /** Creates a coroutine in state CREATED. */
  protected EagerCoroFrame() {}

  /**
   * Runs the first step if it finishes without suspending: its side effects done, returns its
   * result (or throws its exception). Otherwise does nothing at all and returns {@link
   * #NOT_NOW}.
   *
   * @return the result, or {@link #NOT_NOW}
   */
  protected abstract Object tryNow();

  /**
   * The fast path's test: finishes this coroutine now when its first step can, keeping the
   * result for {@link #takeNowResult()}.
   *
   * @return true when finished with a result
   */
  final boolean completeNow() {
    if (state != CREATED || flags != 0) {
      return false;
    }
    Object r;
    try {
      r = tryNow();
    } catch (Throwable t) {
      finish(this);
      throw sneaky(t);
    }
    if (r == NOT_NOW) {
      return false;
    }
    finish(this);
    value = r;
    return true;
  }

  /** The result {@link #completeNow()} kept; called once, right after it returned true. */
  final Object takeNowResult() {
    Object r = value;
    value = null;
    return r;
  }
}
