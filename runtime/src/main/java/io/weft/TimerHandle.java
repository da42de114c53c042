package io.weft;

/**
 * A callback scheduled at a time on an {@link EventLoop} by {@link EventLoop#callLater} or {@link
 * EventLoop#callAt}: Python's {@code asyncio.TimerHandle}. Timers with the same deadline run in
 * the order they were scheduled (Python leaves that order undefined; Weft fixes it).
 */
public class TimerHandle extends Handle {
  final EventLoop loop;
  final double when;
  final long sequence;

  TimerHandle(EventLoop loop, double when, long sequence, Runnable callback) {
    super(callback);
    this.loop = loop;
    this.when = when;
    this.sequence = sequence;
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
   * Cancels the callback; the loop drops it from its timers lazily, or at once when many timers
   * are cancelled. Python's {@code TimerHandle.cancel()}.
   */
  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      loop.timerCancelled(this);
    }
  }

  boolean before(TimerHandle other) {
    return when < other.when || when == other.when && sequence < other.sequence;
  }

  @Override
  public String toString() {
    return "TimerHandle(when=" + when + ", " + callback + (cancelled ? ", cancelled" : "") + ")";
  }
}
