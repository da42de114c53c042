package io.weft;

/**
 * The time source of an {@link EventLoop}: {@link EventLoop#time()} reads it, and timers are due
 * by it. A Java addition: Python's loop always uses {@code time.monotonic()}.
 *
 * <p>{@link #system()} is the monotonic clock of the machine. {@link #virtual()} is a clock for
 * tests and simulations: it stands still while callbacks run, and when the loop has nothing ready
 * and waits for nothing outside itself (no I/O, no executor job, no awaited {@link
 * java.util.concurrent.CompletionStage}, no thread-safe callback), it jumps straight to the next
 * timer. A test that sleeps an hour of virtual time finishes at once, and its timing is exact and
 * repeatable. While the loop does wait for the outside world, virtual time moves with real time.
 */
public abstract class Clock {
  Clock() {}

  /**
   * Returns the current time in seconds, on an arbitrary origin.
   *
   * @return the time
   */
  public abstract double time();

  /** Whether the loop may jump this clock forward to the next timer when it is idle. */
  abstract boolean isVirtual();

  /** Moves a virtual clock forward by {@code seconds}; a real clock ignores it. */
  abstract void advance(double seconds);

  /** Moves a virtual clock forward to {@code when}, exactly; a real clock ignores it. */
  void advanceTo(double when) {}

  /**
   * Returns the machine's monotonic clock ({@link System#nanoTime()} in seconds). The default.
   *
   * @return the clock
   */
  public static Clock system() {
    return SystemClock.INSTANCE;
  }

  /**
   * Returns a new virtual clock reading 0.0. Give it to {@link EventLoop#EventLoop(Clock)}; one
   * clock per loop.
   *
   * @return the clock
   */
  public static Clock virtual() {
    return new VirtualClock();
  }

  private static final class SystemClock extends Clock {
    static final SystemClock INSTANCE = new SystemClock();

    @Override
    public double time() {
      return System.nanoTime() / 1e9;
    }

    @Override
    boolean isVirtual() {
      return false;
    }

    @Override
    void advance(double seconds) {}

    @Override
    public String toString() {
      return "Clock.system()";
    }
  }

  private static final class VirtualClock extends Clock {
    private volatile double now;

    @Override
    public double time() {
      return now;
    }

    @Override
    boolean isVirtual() {
      return true;
    }

    @Override
    void advance(double seconds) {
      if (seconds > 0) {
        now += seconds;
      }
    }

    @Override
    void advanceTo(double when) {
      if (when > now) {
        now = when;
      }
    }

    @Override
    public String toString() {
      return "Clock.virtual(" + now + ")";
    }
  }
}
