package io.weft.junit;

import io.weft.Asyncio;
import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.TimerHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test's event loop and everything checked around it: the engine behind {@link
 * CoroutineTest} and {@link WeftTest#runTest}. Python's {@code IsolatedAsyncioTestCase} set-up and
 * tear-down ({@code _setupAsyncioRunner}, {@code _tearDownAsyncioRunner}), with Kotlin {@code
 * runTest}'s strictness about what a test leaves behind.
 *
 * <pre>
 *  new        a fresh loop: virtual clock (unless realClock), debug mode, an exception handler
 *             that collects every report, a stall handler that stops a deadlocked loop
 *  run(coro)  1. the coroutine runs as the main task, until it is done, the loop stalls
 *                (deadlock) or the timeout passes
 *             2. tasks still pending are listed (leaked), then cancelled and awaited
 *             3. async generators are closed, the default executor is shut down
 *             4. loop.reportAbandoned(): failed futures never read, coroutines never awaited
 *             5. the loop is closed; its handler goes back to the default, so that a report
 *                arriving after the test is logged, not lost
 *             6. the coroutine's own failure is thrown, with the problems found as suppressed
 *                exceptions; or an AssertionError listing the problems
 * </pre>
 *
 * <p>Loop thread only: the thread that calls {@link #run} runs the loop.
 */
final class LoopHarness implements AutoCloseable {
  /**
   * Real seconds a stalled loop waits for a thread it does not know of (one that calls {@code
   * callSoonThreadsafe} on its own) before the test counts as deadlocked. Work the loop knows
   * of ({@code toThread}, {@code runInExecutor}, an awaited {@code CompletionStage}) never
   * stalls it.
   */
  static final double STALL_CUSHION = 0.25;

  /** How long the default executor's threads may take to finish after the test. */
  private static final double EXECUTOR_JOIN_TIMEOUT = 10;

  private final WeftTest.Options options;
  private final String name;
  private final EventLoop loop;

  /** Every context the loop's exception handler received during the test. */
  private final List<Map<String, Object>> reports = new ArrayList<>();

  /** What the test left behind, one paragraph each. */
  private final List<String> problems = new ArrayList<>();

  /** Why the loop was stopped before the main task finished: deadlock or timeout, with a dump. */
  private String stopped;

  private boolean shuttingDown;
  private boolean ran;

  /**
   * Creates the test's loop.
   *
   * @param options the test's options. Not null.
   * @param name the main task's name: the test's display name
   */
  LoopHarness(WeftTest.Options options, String name) {
    this.options = options;
    this.name = name;
    this.loop = new EventLoop(options.realClock ? Clock.system() : Clock.virtual());
    loop.setDebug(true);
    loop.setExceptionHandler((l, context) -> reports.add(context));
    loop.setStallHandler(STALL_CUSHION, this::stalled);
  }

  /** The test's loop. */
  EventLoop loop() {
    return loop;
  }

  /**
   * Runs {@code coro} as the test's main task and checks what it leaves behind; closes the loop.
   *
   * @return the coroutine's result
   */
  <T> T run(Coro<T> coro) {
    if (ran) {
      throw new IllegalStateException("a test loop runs one coroutine");
    }
    ran = true;
    if (runningLoop() != null) {
      coro.close();
      loop.close();
      throw new IllegalStateException("a Weft test cannot run inside a running event loop: call"
          + " runTest from plain test code, not from a coroutine");
    }
    Task<T> main;
    try {
      main = loop.createTask(coro, name);
    } catch (RuntimeException e) {
      coro.close();
      loop.close();
      throw e;
    }
    TimerHandle deadline = Double.isInfinite(options.timeout) ? null
        : loop.callLater(options.timeout, this::timedOut);
    Throwable failure = null;
    T result = null;
    try {
      result = loop.runUntilComplete(main);
    } catch (Throwable t) {
      if (main.done()) {
        failure = t; // the coroutine's own failure
      } else if (stopped == null) { // not by this harness: someone called loop.stop()
        stopped = "The event loop was stopped before the test's coroutine finished (" + t
            + "): a test's coroutine must not stop its loop. Tasks:\n" + dump(tasksOldestFirst());
      }
    }
    if (deadline != null) {
      deadline.cancel();
    }
    if (stopped != null) {
      problems.add(stopped);
    }
    List<Task<?>> left = tasksOldestFirst();
    if (stopped == null && !left.isEmpty() && !options.allowLeakedTasks) {
      problems.add(leaked(left));
    }
    shutDown(left);
    loop.reportAbandoned();
    loop.close();
    loop.setExceptionHandler(null); // a report arriving later is logged, not added to a done test
    for (Map<String, Object> context : reports) {
      problems.add(describe(context));
    }
    if (failure != null) {
      if (!problems.isEmpty()) {
        failure.addSuppressed(problemsFound());
      }
      throw sneaky(failure);
    }
    if (!problems.isEmpty()) {
      throw problemsFound();
    }
    return result;
  }

  /** Closes the loop when the test never ran its coroutine. Idempotent. */
  @Override
  public void close() {
    if (!loop.isClosed() && !loop.isRunning()) {
      loop.close();
    }
  }

  // ------------------------------------------------------------------------------ stopping

  /** The stall handler: nothing can wake the loop any more. */
  private void stalled() {
    if (shuttingDown) {
      stopped = "Tasks still pending after being cancelled: they caught CancelledError and now"
          + " wait for something that can never happen. Let CancelledError propagate (re-throw"
          + " it after clean-up).\n" + dump(tasksOldestFirst());
    } else {
      stopped = "Deadlock: the test's coroutine can never finish. The loop has nothing to run, no"
          + " timer, and nothing outside it to wait for (no I/O, executor job or awaited"
          + " CompletionStage); only a thread it does not know of could wake it, and none did"
          + " within " + STALL_CUSHION + " s. Tasks:\n" + dump(tasksOldestFirst());
    }
    loop.stop();
  }

  private void timedOut() {
    stopped = "Timed out: the test did not finish within " + options.timeout + " seconds of "
        + (options.realClock ? "real" : "virtual") + " time (@CoroutineTest(timeout = ...) or"
        + " WeftTest.options().timeout(...)). Tasks:\n" + dump(tasksOldestFirst());
    loop.stop();
  }

  // ------------------------------------------------------------------------------ shutting down

  /**
   * Cancels the tasks left and waits for them, closes the async generators still open and shuts
   * the default executor down: Python's {@code Runner.close()} ({@code _cancel_all_tasks}), with
   * the stall handler guarding each wait.
   */
  private void shutDown(List<Task<?>> tasks) {
    shuttingDown = true;
    stopped = null;
    if (!tasks.isEmpty()) {
      for (Task<?> t : tasks) {
        t.cancel();
      }
      if (runUntilDone(Asyncio.gather(true, tasks))) {
        for (Task<?> t : tasks) {
          if (t.done() && !t.cancelled() && t.exception() != null) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", "unhandled exception during test shutdown");
            context.put("exception", t.exception());
            context.put("task", t);
            loop.callExceptionHandler(context); // Python's _cancel_all_tasks reports it so
          }
        }
      }
    }
    runUntilDone(loop.shutdownAsyncgens());
    runUntilDone(loop.shutdownDefaultExecutor(EXECUTOR_JOIN_TIMEOUT));
  }

  /** Runs the loop until {@code f} is done; false when it was stalled instead (see stopped). */
  private boolean runUntilDone(io.weft.Future<?> f) {
    try {
      loop.runUntilComplete(f);
      return true;
    } catch (CancelledError | RuntimeException e) {
      if (stopped != null) {
        problems.add(stopped);
        stopped = null;
      } else if (f.done()) {
        return true; // gather with returnExceptions does not fail; a shutdown future did
      } else {
        problems.add("Shutting the test's loop down failed: " + e);
      }
      return false;
    }
  }

  // ------------------------------------------------------------------------------ reporting

  private List<Task<?>> tasksOldestFirst() {
    List<Task<?>> tasks = new ArrayList<>(Asyncio.allTasks(loop)); // newest first
    Collections.reverse(tasks);
    return tasks;
  }

  private String leaked(List<Task<?>> tasks) {
    int n = tasks.size();
    return n + (n == 1 ? " task was" : " tasks were") + " still pending when the test's"
        + " coroutine returned (now cancelled). Await every task the test starts, or cancel it"
        + " and await it, before the test returns; or allow it with"
        + " @CoroutineTest(allowLeakedTasks = true).\n" + dump(tasks);
  }

  /** Each task: name, coroutine, and where its await chain stands, innermost first. */
  private String dump(Collection<Task<?>> tasks) {
    StringBuilder text = new StringBuilder();
    for (Task<?> t : tasks) {
      text.append("  Task '").append(t.getName()).append("'")
          .append(t.getName().equals(name) ? " (the test's coroutine)" : "")
          .append(": ").append(t.getCoro());
      List<StackTraceElement> stack = new ArrayList<>(t.getStack()); // outermost first
      Collections.reverse(stack);
      for (StackTraceElement e : stack) {
        text.append("\n      at ").append(e);
      }
      text.append('\n');
    }
    return text.toString().stripTrailing();
  }

  /** One exception-handler context, as {@code default_exception_handler} would print it. */
  private static String describe(Map<String, Object> context) {
    StringBuilder text = new StringBuilder("The event loop reported: ")
        .append(context.get("message"));
    for (Map.Entry<String, Object> e : context.entrySet()) {
      String key = e.getKey();
      if (key.equals("message")) {
        continue;
      }
      if (key.equals("source_traceback") && e.getValue() instanceof List) {
        text.append("\n    created at (most recent call first):");
        for (Object frame : (List<?>) e.getValue()) {
          text.append("\n      at ").append(frame);
        }
      } else {
        text.append("\n    ").append(key).append(": ").append(e.getValue());
      }
    }
    return text.toString();
  }

  /** One error naming every problem; the exceptions the loop reported ride along suppressed. */
  private AssertionError problemsFound() {
    StringBuilder text = new StringBuilder("Test '").append(name)
        .append(problems.size() == 1 ? "' left a problem behind:" : "' left problems behind:");
    int i = 1;
    for (String p : problems) {
      text.append("\n\n").append(i++).append(". ").append(p);
    }
    AssertionError error = new AssertionError(text.toString());
    for (Map<String, Object> context : reports) {
      Object e = context.get("exception");
      if (e instanceof Throwable) {
        error.addSuppressed((Throwable) e);
      }
    }
    return error;
  }

  private static EventLoop runningLoop() {
    try {
      return Asyncio.getRunningLoop();
    } catch (IllegalStateException none) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
