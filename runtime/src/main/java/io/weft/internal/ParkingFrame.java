package io.weft.internal;

import io.weft.Asyncio;
import io.weft.Future;
import io.weft.Task;
import java.util.Objects;

/**
 * A hand-written coroutine of the runtime that waits without a Future: {@code Queue.get()} on an
 * empty queue, {@code Queue.put()} on a full one. The primitive keeps the frame itself in its
 * waiters, and the task driving the chain parks on the frame (Kotlin's channels park the
 * continuation the same way). Python's primitives await a fresh future per wait instead; nothing
 * observable differs, and the wait allocates nothing.
 *
 * <p>The frame stands for the waiter future of the Python code it mirrors, and answers the same
 * questions: {@link #waitDone()} (woken or cancelled), {@link #waitCancelled()}; {@link #wake()}
 * is {@code fut.set_result(None)} and {@link #abandonWait()} is {@code fut.cancel()}.
 *
 * <p><b>Drivers.</b> {@link #park()} suspends with the frame itself as the awaited value. The
 * trampoline hands it out to the driver instead of delegating to it. A {@link Task} parks on it:
 * a wake-up readies the task, and cancelling the task cancels the wait ({@link #cancelWait()}),
 * as cancelling the task cancels the future it awaits. Any other driver (the coroutine driven by
 * hand with {@code send} or {@code throw}) gets a real Future instead ({@link #handOutFuture()}),
 * which the frame then wakes or cancels: exactly the future Python's code would have handed out.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
public abstract class ParkingFrame extends EagerCoroFrame {
  private static final byte IDLE = 0;
  private static final byte PARKED = 1;
  private static final byte WOKEN = 2;
  private static final byte CANCELLED = 3;

  /** How a task parked on a frame is readied: set once, by {@code Task} when it is loaded. */
  private static volatile TaskWaker taskWaker;

  /** This wait's state (IDLE between waits); a handed-out future keeps its own state. */
  private byte wait;

  /** While waiting: the task parked here, or the future handed out; null before either. */
  private Object waiter;

  /** Creates a coroutine in state CREATED. */
  protected ParkingFrame() {}

  /** The task side of a parked wait: readies {@code task} if it still waits on {@code frame}. */
  public interface TaskWaker {
    /**
     * Readies {@code task} for its next step if it is still parked on {@code frame}.
     *
     * @param task the task parked on {@code frame}
     * @param frame the frame that was woken or cancelled
     */
    void wake(Task<?> task, ParkingFrame frame);
  }

  /**
   * Installs how parked tasks are readied. Called once by {@code io.weft.Task}.
   *
   * @param waker the waker. Not null.
   */
  public static void setTaskWaker(TaskWaker waker) {
    taskWaker = Objects.requireNonNull(waker, "waker");
  }

  // ---------------------------------------------------------------- the frame's side

  /**
   * Starts a wait and suspends on it: {@code return park();} from {@link #resume()}, once the
   * frame is in its primitive's waiters. Python's {@code await fut} on a fresh future.
   *
   * @return what {@link #resume()} returns to suspend
   */
  protected final Object park() {
    wait = PARKED;
    waiter = null;
    value = this; // the trampoline hands a parking frame awaiting itself out to the driver
    return AWAIT;
  }

  /**
   * Ends a wait the frame was resumed from normally (woken), so that the next {@link #park()}
   * starts afresh. Python drops the done future.
   */
  protected final void endWait() {
    wait = IDLE;
    waiter = null;
  }

  /**
   * Whether the current wait was woken or cancelled: Python's {@code fut.done()}.
   *
   * @return true when done; false while it waits (or before any wait)
   */
  public final boolean waitDone() {
    Object w = waiter;
    if (!(w instanceof Task) && w instanceof Future) {
      return ((Future<?>) w).done(); // handed out: its driver may have completed it
    }
    return wait == WOKEN || wait == CANCELLED;
  }

  /**
   * Whether the current wait was cancelled: Python's {@code fut.cancelled()}.
   *
   * @return true when cancelled
   */
  public final boolean waitCancelled() {
    Object w = waiter;
    if (!(w instanceof Task) && w instanceof Future) {
      return ((Future<?>) w).cancelled();
    }
    return wait == CANCELLED;
  }

  /**
   * Wakes the waiting frame, whose wait must not be done: Python's {@code fut.set_result(None)}.
   * The task parked here steps on the next loop pass.
   */
  public final void wake() {
    Object w = waiter;
    if (w instanceof Task) {
      wait = WOKEN;
      taskWaker.wake((Task<?>) w, this);
    } else if (w instanceof Future) {
      wait = WOKEN;
      @SuppressWarnings("unchecked")
      Future<Object> f = (Future<Object>) w;
      f.setResult(null);
    } else {
      wait = WOKEN; // parked but not yet handed out: cannot happen on the loop's thread
    }
  }

  /**
   * Cancels the wait from the frame's own side, when it leaves it with an exception that did not
   * come from cancelling its task (closed, or thrown into from outside): Python's {@code
   * fut.cancel()} in the waiter's {@code except} block. A task still parked here steps again.
   * Does nothing when the wait is done.
   */
  protected final void abandonWait() {
    Object w = waiter;
    if (w instanceof Task) {
      if (wait == PARKED) {
        wait = CANCELLED;
        taskWaker.wake((Task<?>) w, this);
      }
    } else if (w instanceof Future) {
      ((Future<?>) w).cancel();
    } else if (wait == PARKED) {
      wait = CANCELLED;
    }
  }

  // ---------------------------------------------------------------- the drivers' side

  /**
   * A task received this frame from its chain: it parks here until {@link #wake()}.
   *
   * @param task the task. Not null.
   */
  public final void parkedBy(Task<?> task) {
    waiter = task;
  }

  /**
   * The task parked here is being cancelled: cancels the wait if it is pending, without readying
   * the task (which raises the cancellation itself). Python's {@code self._fut_waiter.cancel()}.
   *
   * @return true when the wait was pending and is now cancelled
   */
  public final boolean cancelWait() {
    if (wait != PARKED) {
      return false;
    }
    wait = CANCELLED;
    return true;
  }

  /**
   * The chain was driven by hand, not by a task: the wait becomes a new future of the running
   * loop, handed out as Python's code hands out its waiter future.
   *
   * @return the future the driver awaits
   */
  public final Future<Void> handOutFuture() {
    Future<Void> f = Asyncio.getRunningLoop().createFuture();
    waiter = f;
    return f;
  }
}
