package io.weft;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs several top-level coroutines on one event loop, then finalises it: Python's {@code
 * asyncio.Runner} (3.11). {@link Asyncio#run} is a Runner used once. Use it with
 * try-with-resources, Python's {@code with asyncio.Runner() as runner:}.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *   runner.run(setUp());
 *   runner.run(main());
 * }
 * }</pre>
 *
 * <p>{@link #close()} cancels the tasks still pending and waits for them, reports the ones that
 * failed otherwise to the loop's exception handler ("unhandled exception during asyncio.run()
 * shutdown"), closes the async generators still open, shuts the default executor down (waiting
 * up to 300 s for its threads) and closes the loop.
 *
 * <p>On the main thread, {@link #run} handles Ctrl-C (SIGINT) as Python does: the first one
 * cancels the main task, and if the task then ends cancelled {@link KeyboardInterrupt} is raised;
 * a second one goes to the handler that was there before (the JVM's: it exits).
 */
public final class Runner implements AutoCloseable {
  private static final double THREAD_JOIN_TIMEOUT = 300;

  private final Boolean debug;
  private final Supplier<EventLoop> loopFactory;
  private EventLoop loop;
  private boolean closed;

  /** Ctrl-Cs during the current {@link #run}: written by the signal thread. */
  private volatile int interruptCount;

  private volatile Task<?> mainTask;

  /**
   * Loop thread: the first Ctrl-C's cancel() reached the main task while it was pending. Java
   * handles SIGINT on its own thread, so the cancel is posted to the loop and may arrive after
   * the task ended for another reason; only a delivered cancel may become a KeyboardInterrupt.
   */
  private boolean interruptDelivered;

  /** Creates a runner whose loop is made on first use by {@code new EventLoop()}. */
  public Runner() {
    this(null, null);
  }

  /**
   * Creates a runner. Python's {@code asyncio.Runner(debug=debug, loop_factory=loopFactory)}.
   *
   * @param debug debug mode for the loop, or null to leave the loop's setting
   * @param loopFactory makes the loop, or null for {@code new EventLoop()}
   */
  public Runner(Boolean debug, Supplier<EventLoop> loopFactory) {
    this.debug = debug;
    this.loopFactory = loopFactory;
  }

  /**
   * Runs {@code coro} as the main task on the runner's loop and returns its result. Python's
   * {@code Runner.run(coro)}.
   *
   * @param coro the coroutine. Not null.
   * @param <T> the result type
   * @return its result
   * @throws IllegalStateException "Runner is closed", or "Runner.run() cannot be called from a
   *     running event loop"
   * @throws KeyboardInterrupt when Ctrl-C cancelled the main task
   */
  public <T> T run(Coro<T> coro) {
    Objects.requireNonNull(coro, "coro");
    if (EventLoop.RUNNING.get() != null) {
      throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
    }
    lazyInit();
    Task<T> task = loop.createTask(coro);
    mainTask = task;
    interruptCount = 0;
    interruptDelivered = false;
    Object previous = Sigint.install(this);
    try {
      return loop.runUntilComplete(task);
    } catch (CancelledError e) {
      // Python: only when the interrupt's cancel is the one left (test_interrupt_cancelled_task)
      if (interruptCount > 0 && interruptDelivered && task.uncancel() == 0) {
        KeyboardInterrupt interrupt = new KeyboardInterrupt();
        interrupt.initCause(e);
        throw interrupt;
      }
      throw e;
    } finally {
      Sigint.restore(previous);
      mainTask = null;
    }
  }

  /**
   * What Ctrl-C does while {@link #run} runs (Python's {@code Runner._on_sigint}): the first one
   * cancels the main task, through the loop since it arrives on the JVM's signal thread. Returns
   * false when this interrupt should go to the previous handler (Python raises KeyboardInterrupt
   * at once; the JVM's handler exits). Thread-safe; package-private for tests.
   */
  boolean interrupt() {
    interruptCount++;
    Task<?> task = mainTask;
    EventLoop l = loop;
    if (interruptCount == 1 && task != null && !task.done() && l != null) {
      try {
        l.callSoonThreadsafe(() -> interruptDelivered = task.cancel());
        return true;
      } catch (IllegalStateException closed) {
        return false;
      }
    }
    return false;
  }

  /**
   * Returns the runner's loop, creating it on first use. Python's {@code Runner.get_loop()}.
   *
   * @return the loop
   * @throws IllegalStateException "Runner is closed"
   */
  public EventLoop getLoop() {
    lazyInit();
    return loop;
  }

  private void lazyInit() {
    if (closed) {
      throw new IllegalStateException("Runner is closed");
    }
    if (loop != null) {
      return;
    }
    loop = loopFactory == null ? new EventLoop() : loopFactory.get();
    if (loopFactory == null) {
      Asyncio.setEventLoop(loop);
    }
    if (debug != null) {
      loop.setDebug(debug);
    }
  }

  /**
   * Finalises and closes the loop (see the class comment); idempotent. Python's {@code
   * Runner.close()}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (loop != null && !loop.isClosed()) {
        try {
          cancelAllTasks();
          loop.runUntilComplete(loop.shutdownAsyncgens());
          loop.runUntilComplete(loop.shutdownDefaultExecutor(THREAD_JOIN_TIMEOUT));
        } finally {
          if (loopFactory == null) {
            Asyncio.setEventLoop(null);
          }
          loop.close();
        }
      }
    } finally {
      loop = null;
      closed = true;
    }
  }

  /** Python's {@code runners._cancel_all_tasks}. */
  private void cancelAllTasks() {
    Set<Task<?>> tasks = Asyncio.allTasks(loop);
    if (tasks.isEmpty()) {
      return;
    }
    for (Task<?> t : tasks) {
      t.cancel();
    }
    loop.runUntilComplete(GatheringFuture.<Object>gather(true, new ArrayList<Task<?>>(tasks)));
    for (Task<?> t : tasks) {
      if (t.cancelled()) {
        continue;
      }
      Throwable error = t.exception();
      if (error != null) {
        Map<String, Object> ctx = EventLoop.context(
            "unhandled exception during asyncio.run() shutdown", error, "task", t);
        loop.callExceptionHandler(ctx);
      }
    }
  }

  /** Ctrl-C handling through {@code sun.misc.Signal}, on the main thread only. */
  private static final class Sigint {
    private Sigint() {}

    static Object install(Runner runner) {
      if (!"main".equals(Thread.currentThread().getName())
          || Boolean.getBoolean("weft.noSigint")) {
        return null;
      }
      try {
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
        previous[0] = sun.misc.Signal.handle(sigint, sig -> {
          if (!runner.interrupt() && previous[0] != null) {
            previous[0].handle(sig);
          }
        });
        return previous[0];
      } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
        return null; // the JVM does not let us handle SIGINT (e.g. -Xrs): leave it alone
      }
    }

    static void restore(Object previous) {
      if (previous != null) {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), (sun.misc.SignalHandler) previous);
      }
    }
  }
}
