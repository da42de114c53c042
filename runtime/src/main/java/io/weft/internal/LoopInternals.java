package io.weft.internal;

import io.weft.EventLoop;

/**
 * What the runtime's other packages need of an {@link EventLoop} and the loop does not publish,
 * its public API being asyncio's: the number of the iteration running, and work to do once at the
 * end of it. The socket transport of {@code io.weft.net} uses both to send the small writes of
 * one iteration together (write coalescing, see {@code docs/streams.md}); CPython has no
 * counterpart. The loop installs the only implementation when its class initializes. Not an API.
 *
 * <p><b>Thread:</b> the loop's, as the loop itself.
 */
public abstract class LoopInternals {
  private static volatile LoopInternals installed;

  /** For {@link EventLoop}'s implementation: {@link #install} takes one, once. */
  protected LoopInternals() {}

  /**
   * Installs the loop's implementation. Called once, by {@link EventLoop}'s static initializer.
   *
   * @param internals the implementation
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(LoopInternals internals) {
    if (installed != null) {
      throw new IllegalStateException("LoopInternals is installed by EventLoop, once");
    }
    installed = internals;
  }

  /**
   * Returns the loop's implementation, initializing {@link EventLoop} first when needed.
   *
   * @return the implementation
   */
  public static LoopInternals get() {
    LoopInternals i = installed;
    if (i == null) {
      try {
        Class.forName(EventLoop.class.getName(), true, EventLoop.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError("io.weft.EventLoop is in the runtime jar", e);
      }
      i = installed;
    }
    return i;
  }

  /**
   * Returns the number of {@code loop}'s current iteration. It grows by one at the end of each
   * iteration, after the iteration's callbacks and before the work queued by {@link
   * #atIterationEnd}, so that two calls return the same number exactly when no iteration ended
   * between them.
   *
   * @param loop the loop
   * @return the iteration's number
   */
  public abstract long iteration(EventLoop loop);

  /**
   * Runs {@code work} once at the end of {@code loop}'s current iteration: after its callbacks,
   * before the loop waits for I/O again (or {@link EventLoop#runForever()} returns). Work queued
   * while that end runs runs in the same end. What {@code work} throws goes to the loop's
   * exception handler. Queuing costs no allocation once the loop's queue has grown to its usual
   * size; an iteration with nothing queued pays one comparison.
   *
   * @param loop the loop
   * @param work what to run; the caller makes sure it is queued once per iteration at most
   */
  public abstract void atIterationEnd(EventLoop loop, Runnable work);
}
