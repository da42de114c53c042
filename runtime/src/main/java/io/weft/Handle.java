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
    return getClass().getSimpleName() + "(" + describe(callback) + (cancelled ? ", cancelled" : "")
        + ")";
  }

  /**
   * A callback as messages print it: its own {@code toString()}, or, for a lambda or a class that
   * does not override it, {@code "lambda in C"} / the class name instead of {@code
   * C$$Lambda/0x...@1b2c3d}.
   */
  static String describe(Object callback) {
    String text = String.valueOf(callback);
    if (callback == null) {
      return text;
    }
    String name = callback.getClass().getName();
    if (!text.startsWith(name + "@")) {
      return text; // a toString of its own
    }
    int lambda = name.indexOf("$$Lambda");
    if (lambda < 0) {
      return name;
    }
    String outer = name.substring(0, lambda);
    return "lambda in " + outer.substring(outer.lastIndexOf('.') + 1);
  }

  /**
   * Debug mode: {@code callback} remembering where it was scheduled from, the first caller
   * outside the runtime, so that "Exception in callback ..." and the slow-callback warning name
   * it. Python's {@code Handle._source_traceback}, of which its repr shows the last entry.
   */
  static Runnable traced(Runnable callback) {
    return callback instanceof Traced ? callback : new Traced(callback, scheduledFrom());
  }

  private static final java.net.URL RUNTIME_LOCATION = locationOf(Handle.class);

  private static java.net.URL locationOf(Class<?> c) {
    java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }

  private static StackTraceElement scheduledFrom() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames ->
        frames.filter(f -> {
          Class<?> c = f.getDeclaringClass();
          return c.getClassLoader() != null // not the JDK's
              && (RUNTIME_LOCATION == null || !RUNTIME_LOCATION.equals(locationOf(c)));
        }).findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
  }

  /** A callback and where it was scheduled from. */
  private static final class Traced implements Runnable {
    private final Runnable callback;
    private final StackTraceElement site;

    Traced(Runnable callback, StackTraceElement site) {
      this.callback = callback;
      this.site = site;
    }

    @Override
    public void run() {
      callback.run();
    }

    @Override
    public String toString() {
      return describe(callback) + (site != null ? " created at " + site : "");
    }
  }
}
