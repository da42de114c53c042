package io.weft.sync;

import io.weft.Coro;
import io.weft.internal.EagerCoroFrame;
import io.weft.internal.Frame;
import io.weft.sync.FifoWaiters.Waiter;

/**
 * A flag tasks can wait for: Python's {@code asyncio.Event}. It starts cleared; {@link #set()}
 * wakes every task waiting in {@link #await()}, and tasks that wait while it is set do not wait
 * at all; {@link #clear()} makes later waits wait again.
 *
 * <p><b>Naming:</b> Python's {@code Event.wait()} is {@link #await()} here, because {@link
 * Object#wait()} is final in Java ({@code CountDownLatch.await} is the JDK's word for it); {@code
 * is_set()} is {@link #isSet()}.
 *
 * <p>A task woken by {@link #set()} returns true from its wait even if the event is cleared again
 * before it runs: {@code clear()} does not take back a wake-up already given.
 *
 * <p><b>Thread:</b> the loop's thread only. The event binds to the loop of the first task that
 * has to wait for it.
 */
public final class Event extends LoopBound {
  private final FifoWaiters waiters = new FifoWaiters();
  private boolean flag;

  /** Creates a cleared event, bound to no loop yet. Python's {@code asyncio.Event()}. */
  public Event() {}

  /**
   * Returns whether the flag is set. Python's {@code Event.is_set()}.
   *
   * @return true when set
   */
  public boolean isSet() {
    return flag;
  }

  /**
   * Sets the flag and wakes every waiting task. Python's {@code Event.set()}. Does nothing when
   * already set. Never suspends; the woken tasks run on a later loop pass, in the order they
   * started waiting.
   */
  public void set() {
    if (!flag) {
      flag = true;
      waiters.wake(Integer.MAX_VALUE);
    }
  }

  /** Clears the flag: waits from now on wait for the next {@link #set()}. Python's {@code Event.clear()}. */
  public void clear() {
    flag = false;
  }

  /**
   * Returns a coroutine that waits until the flag is set. Python's {@code Event.wait()}.
   *
   * <p><b>Suspends</b> only while the flag is cleared; returns at once when it is set.
   * <b>Cancellation:</b> a cancellation point while waiting; a cancelled wait leaves nothing
   * behind (the event has no permits to lose: every waiter is woken by {@code set()}).
   *
   * @return a coroutine evaluating to true
   * @throws IllegalStateException (when awaited and it has to wait) "... is bound to a different
   *     event loop" when tasks of another loop already waited on this event
   */
  @SuppressWarnings("unchecked")
  public Coro<Boolean> await() {
    return (Coro<Boolean>) (Coro<?>) new Wait();
  }

  /**
   * Returns a snapshot of the event's state, for tests and monitoring. A Weft addition (Trio's
   * {@code Event.statistics()}).
   *
   * @return the snapshot
   */
  public Statistics statistics() {
    return new Statistics(flag, waiters.size());
  }

  /**
   * A snapshot of an event. A Weft addition.
   *
   * @param set whether the flag was set
   * @param waiting how many tasks were in {@code await()}: Python's {@code len(event._waiters)},
   *     which counts a task already woken or cancelled until it runs again
   */
  public record Statistics(boolean set, int waiting) {}

  @Override
  public String toString() {
    String extra = flag ? "set" : "unset";
    int n = waiters.size();
    return Primitives.repr(this, n > 0 ? extra + ", waiters:" + n : extra);
  }

  /**
   * {@code await()} as a frame.
   *
   * <pre>
   *  label 0  set? return true; else queue a waiter and await it
   *  label 1  leave the queue; return true (or raise the CancelledError)
   * </pre>
   */
  private final class Wait extends EagerCoroFrame {
    private Waiter waiter;

    /** Set: label 0 would return true at once. */
    @Override
    protected Object tryNow() {
      return flag ? Boolean.TRUE : NOT_NOW;
    }

    @Override
    public String toString() {
      return Primitives.frameRepr("Event.await()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (flag) {
            return Boolean.TRUE;
          }
          waiter = waiters.add(getLoop());
          value = waiter;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            resumeValue();
          } finally {
            waiters.remove(waiter);
            waiter = null;
          }
          return Boolean.TRUE;
        default:
          throw new IllegalStateException("Event.await() resumed at unknown label " + label);
      }
    }
  }
}
