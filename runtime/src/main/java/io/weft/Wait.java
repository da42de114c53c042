package io.weft;

import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The coroutine {@link Asyncio#wait} returns: Python's {@code tasks.wait} and {@code _wait},
 * written as a hand-made frame because the runtime is not woven. It parks on one private waiter
 * future, released by the first completion that satisfies {@code returnWhen} or by the timer; it
 * never cancels the futures it watches and never raises on timeout.
 *
 * <pre>
 *  label 0  hook a callback on every future, start the timer, await the waiter
 *  label 1  unhook everything (also when the wait itself was cancelled), split done / pending
 * </pre>
 */
final class Wait<F> extends CoroFrame {
  private final Set<F> fs;
  private final double timeout;
  private final ReturnWhen returnWhen;
  private Future<Void> waiter;
  private TimerHandle timeoutHandle;
  private int counter;
  private final Consumer<Future<?>> onCompletion = new OnCompletion();

  /** The callback on each future: the call graph follows it to the task awaiting the waiter. */
  private final class OnCompletion implements Consumer<Future<?>>, WaitingCallback {
    @Override
    public void accept(Future<?> f) {
      onCompletion(f);
    }

    @Override
    public Future<?> awaiter() {
      return waiter;
    }
  }

  private Wait(Set<F> fs, double timeout, ReturnWhen returnWhen) {
    this.fs = fs;
    this.timeout = timeout;
    this.returnWhen = returnWhen;
  }

  /** Validates as Python's {@code wait} does, but at the call rather than at the first await. */
  @SuppressWarnings("unchecked")
  static <F extends Awaitable<?>> Coro<WaitResult<F>> wait(
      Collection<? extends F> fs, double timeout, ReturnWhen returnWhen) {
    Objects.requireNonNull(fs, "wait() futures: the collection is null");
    Objects.requireNonNull(returnWhen, "wait() returnWhen is null: use Asyncio.ALL_COMPLETED");
    if (fs.isEmpty()) {
      throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
    }
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException(
          "wait() timeout is NaN: use Double.POSITIVE_INFINITY for no timeout");
    }
    Set<F> set = new LinkedHashSet<>();
    for (F f : fs) {
      Objects.requireNonNull(f, "wait() futures: the collection holds a null element");
      if (!(f instanceof Future)) {
        // Python 3.11+ raises TypeError: a coroutine wrapped here would be a task the caller
        // never sees in done/pending, and could not cancel.
        throw new IllegalArgumentException("Passing coroutines is forbidden, use tasks explicitly."
            + " Wrap " + f + " with Asyncio.createTask(...) first.");
      }
      set.add(f);
    }
    return (Coro<WaitResult<F>>) (Coro<?>) new Wait<>(set, timeout, returnWhen);
  }

  @Override
  protected Object resume() {
    switch (label) {
      case 0:
        resumeValue();
        EventLoop loop = Asyncio.getRunningLoop();
        waiter = loop.createFuture();
        if (timeout != Double.POSITIVE_INFINITY) {
          timeoutHandle = loop.callLater(timeout, this::release);
        }
        counter = fs.size();
        for (F f : fs) {
          ((Future<?>) f).addDoneCallback(onCompletion);
        }
        value = waiter;
        label = 1;
        return Frame.AWAIT;
      case 1:
        try {
          resumeValue();
        } finally {
          if (timeoutHandle != null) {
            timeoutHandle.cancel();
          }
          for (F f : fs) {
            ((Future<?>) f).removeDoneCallback(onCompletion);
          }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : fs) {
          (((Future<?>) f).done() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
      default:
        throw new IllegalStateException("wait() resumed at unknown label " + label);
    }
  }

  /** Python's {@code _on_completion}. */
  private void onCompletion(Future<?> f) {
    counter--;
    if (counter <= 0
        || returnWhen == ReturnWhen.FIRST_COMPLETED
        || returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null) {
      if (timeoutHandle != null) {
        timeoutHandle.cancel();
      }
      release();
    }
  }

  /** Python's {@code _release_waiter}. */
  private void release() {
    if (!waiter.done()) {
      waiter.setResult(null);
    }
  }
}
