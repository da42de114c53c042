package io.weft;

/**
 * A callback scheduled at a time on an {@link EventLoop} by {@link EventLoop#callLater} or {@link
 * EventLoop#callAt}: Python's {@code asyncio.TimerHandle}. Timers with the same deadline run in
 * the order they were scheduled (Python leaves that order undefined; Weft fixes it).
 */
public class TimerHandle extends Handle {
  final double when;
  /** Scheduling order among equal deadlines; compared wrap-around safe (see {@link #before}). */
  final int sequence;

  /**
   * True while the timer sits in the loop's heap: Python's {@code TimerHandle._scheduled}. Only
   * those cancellations count towards the heap's clean-up, so cancelling a timer that already ran
   * (a common clean-up pattern) cannot inflate the count. Packed into the padding after {@code
   * cancelled}: it costs no space.
   */
  boolean scheduled;

  TimerHandle(double when, int sequence, Object callback) {
    super(callback);
    this.when = when;
    this.sequence = sequence;
  }

  /**
   * The loop whose heap holds this timer. Not a field here: a task's sleep timer reaches it
   * through its task, and every byte of a sleeping task counts (W1 in docs/performance.md).
   */
  EventLoop loop() {
    throw new IllegalStateException("a timer must be built by its loop"); // overridden by each kind
  }

  /**
   * Returns the loop time at which the callback is due. Python's {@code TimerHandle.when()}.
   *
   * @return the deadline, on the {@link EventLoop#time()} scale
   */
  public double when() {
    return when;
  }

  /**
   * Cancels the callback; the loop drops it from its timers lazily: when it reaches the head of
   * the heap, or on the next iteration once more than half of over 100 timers are cancelled.
   * Python's {@code TimerHandle.cancel()}.
   */
  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (scheduled) {
        loop().timerCancelled();
      }
    }
  }

  boolean before(TimerHandle other) {
    // an int sequence, compared as a difference: correct for any two timers scheduled fewer than
    // 2^31 timers apart, which is all that equal deadlines can ever involve in practice
    return when < other.when || when == other.when && sequence - other.sequence < 0;
  }

  @Override
  public String toString() {
    return "TimerHandle(when=" + when + ", " + describe(callback) + (cancelled ? ", cancelled" : "")
        + ")";
  }

  /** A timer of {@link EventLoop#callAt}: a callback and its loop. */
  static final class Callback extends TimerHandle {
    private final EventLoop loop;

    Callback(EventLoop loop, double when, int sequence, Runnable callback) {
      super(when, sequence, callback);
      this.loop = loop;
    }

    @Override
    EventLoop loop() {
      return loop;
    }
  }
}
