package io.weft;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon}: Python's {@code
 * asyncio.Handle}. Cancelling it before it runs means it never runs.
 *
 * <p>Not thread-safe, like the loop: cancel it on the loop's thread (a handle returned by {@link
 * EventLoop#callSoonThreadsafe} may be cancelled from any thread).
 */
public class Handle {
  /**
   * The callback, a Runnable; a task's sleep timer keeps its Task here instead (see {@code
   * Task.SleepTimer}), so that a sleeping task's timer needs no field of its own.
   */
  final Object callback;

  volatile boolean cancelled;

  Handle(Object callback) {
    this.callback = callback;
  }

  /**
   * Cancels the callback: it will not run. Does nothing when it has already run or been
   * cancelled. Python's {@code Handle.cancel()}.
   */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Returns whether {@link #cancel()} was called. Python's {@code Handle.cancelled()}.
   *
   * @return true once cancelled
   */
  public boolean cancelled() {
    return cancelled;
  }

  /** Runs the callback on the loop's thread, reporting what it throws to the loop's handler. */
  void run(EventLoop loop) {
    try {
      ((Runnable) callback).run();
    } catch (Throwable t) {
      if (Task.escapesLoop(t)) {
        throw Future.sneaky(t); // Python's Handle._run re-raises KeyboardInterrupt, SystemExit
      }
      loop.callExceptionHandler(
          EventLoop.context("Exception in callback " + this, t, "handle", this));
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + callback + (cancelled ? ", cancelled" : "") + ")";
  }
}
