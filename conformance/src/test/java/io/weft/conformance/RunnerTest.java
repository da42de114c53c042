package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Runner;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.run} and {@code asyncio.Runner}, translated from CPython's {@code
 * test_runners.py}; each test names the CPython test it mirrors. Ctrl-C handling is tested in
 * {@code io.weft.RunnerInterruptTest}, which reaches the package-private interrupt hook.
 */
class RunnerTest {
  static final List<Object> log = new ArrayList<>();

  @BeforeEach
  void setUp() {
    log.clear();
  }

  static EventLoop virtualLoop() {
    return new EventLoop(Clock.virtual());
  }

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, RunnerTest::virtualLoop);
  }

  @Coroutine
  static Coro<Integer> fortyTwo() {
    await(sleep(0.01));
    return done(42);
  }

  /** test_runners.py RunTests.test_asyncio_run_return */
  @Test
  void runReturns() {
    assertEquals(42, runVirtual(fortyTwo()));
    assertThrows(IllegalStateException.class, () -> getRunningLoop(), "no loop left running");
  }

  @Coroutine
  static Coro<Void> raises() {
    await(sleep(0.01));
    throw new IllegalArgumentException("spam");
  }

  /** test_runners.py RunTests.test_asyncio_run_raises */
  @Test
  void runRaises() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runVirtual(raises()));
    assertEquals("spam", e.getMessage());
  }

  @Coroutine
  static Coro<EventLoop> theLoop() {
    return done(getRunningLoop());
  }

  /** test_runners.py RunTests: every run makes a fresh loop and closes it */
  @Test
  void runUsesAFreshLoopAndClosesIt() {
    EventLoop a = runVirtual(theLoop());
    EventLoop b = runVirtual(theLoop());
    assertNotSame(a, b);
    assertTrue(a.isClosed());
    assertTrue(b.isClosed());
  }

  @Coroutine
  static Coro<Boolean> debugFlag() {
    return done(getRunningLoop().getDebug());
  }

  /** test_runners.py RunTests.test_asyncio_run_debug */
  @Test
  void runDebug() {
    assertTrue(run(debugFlag(), true, RunnerTest::virtualLoop));
    assertFalse(run(debugFlag(), false, RunnerTest::virtualLoop));
  }

  @Coroutine
  static Coro<Void> nestedRun() {
    Coro<Integer> inner = fortyTwo();
    try {
      run(inner);
    } catch (IllegalStateException e) {
      log.add(e.getMessage());
      log.add(inner.state().toString());
    }
    return done();
  }

  /** test_runners.py RunTests.test_asyncio_run_from_running_loop */
  @Test
  void runFromRunningLoop() {
    runVirtual(nestedRun());
    assertEquals(List.of("asyncio.run() cannot be called from a running event loop", "CLOSED"),
        log, "the refused coroutine is closed, so it cannot be run by mistake later");
  }

  @Coroutine
  static Coro<Void> leftover() {
    await(sleep(0.1));
    log.add("leftover finished");
    return done();
  }

  @Coroutine
  static Coro<Integer> leaveATask() {
    log.add(createTask(leftover()));
    return done(123);
  }

  /** test_runners.py RunTests.test_asyncio_run_cancels_hanging_tasks */
  @Test
  void runCancelsHangingTasks() {
    assertEquals(123, runVirtual(leaveATask()));
    Task<?> lo = (Task<?>) log.get(0);
    assertTrue(lo.done());
    assertTrue(lo.cancelled(), "cancelled, not finished: " + lo);
    assertEquals(1, log.size());
  }

  @Coroutine
  static Coro<Void> leftoverFailing() {
    try {
      await(sleep(0.1));
    } catch (CancelledError e) {
      throw new ArithmeticException("/ by zero");
    }
    return done();
  }

  @Coroutine
  static Coro<Integer> leaveAFailingTask(List<Map<String, Object>> reports) {
    getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
    log.add(createTask(leftoverFailing()));
    return done(123);
  }

  /** test_runners.py RunTests.test_asyncio_run_reports_hanging_tasks_errors */
  @Test
  void runReportsHangingTasksErrors() {
    List<Map<String, Object>> reports = new ArrayList<>();
    assertEquals(123, runVirtual(leaveAFailingTask(reports)));
    Task<?> lo = (Task<?>) log.get(0);
    assertTrue(lo.done());
    assertEquals(1, reports.size(), reports.toString());
    Map<String, Object> ctx = reports.get(0);
    assertEquals("unhandled exception during asyncio.run() shutdown", ctx.get("message"));
    assertSame(lo, ctx.get("task"));
    assertTrue(ctx.get("exception") instanceof ArithmeticException);
  }

  @Coroutine
  static Coro<Void> useExecutor(ExecutorService executor) {
    EventLoop loop = getRunningLoop();
    loop.setDefaultExecutor(executor);
    await(loop.runInExecutor(null, () -> 1));
    log.add(loop);
    return done();
  }

  /** test_runners.py RunTests.test_asyncio_run_... shuts the default executor down */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void runShutsDownTheDefaultExecutor() {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    runVirtual(useExecutor(executor));
    assertTrue(executor.isTerminated(), "run() waited for the executor's threads");
    EventLoop loop = (EventLoop) log.get(0);
    assertTrue(loop.isClosed());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
    assertEquals("Event loop is closed", e.getMessage());
  }

  // ------------------------------------------------------------------ Runner

  @Coroutine
  static Coro<EventLoop> recordLoop(int n) {
    log.add(n);
    return done(getRunningLoop());
  }

  /** test_runners.py RunnerTests.test_run (reuse: one loop for every run) */
  @Test
  void runnerReusesItsLoop() {
    try (Runner runner = new Runner(null, RunnerTest::virtualLoop)) {
      EventLoop a = runner.run(recordLoop(1));
      EventLoop b = runner.run(recordLoop(2));
      assertSame(a, b);
      assertSame(a, runner.getLoop());
      assertFalse(a.isClosed());
    }
    assertEquals(List.of(1, 2), log);
  }

  /** test_runners.py RunnerTests.test_explicit_close / test_double_close */
  @Test
  void runnerClose() {
    Runner runner = new Runner(null, RunnerTest::virtualLoop);
    EventLoop loop = runner.getLoop();
    runner.close();
    assertTrue(loop.isClosed());
    runner.close(); // twice is fine
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runner.run(recordLoop(3)));
    assertEquals("Runner is closed", e.getMessage());
    assertEquals("Runner is closed",
        assertThrows(IllegalStateException.class, runner::getLoop).getMessage());
  }

  /** test_runners.py RunnerTests.test_second_with_block_raises */
  @Test
  void secondWithBlockRaises() {
    Runner runner = new Runner(null, RunnerTest::virtualLoop);
    try (runner) {
      runner.run(recordLoop(1));
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      try (runner) {
        runner.run(recordLoop(2));
      }
    });
    assertEquals("Runner is closed", e.getMessage());
    assertEquals(List.of(1), log);
  }

  /** test_runners.py RunnerTests.test_debug / test_custom_factory */
  @Test
  void runnerDebugAndFactory() {
    EventLoop[] made = new EventLoop[1];
    try (Runner runner = new Runner(true, () -> made[0] = virtualLoop())) {
      assertTrue(runner.run(debugFlag()));
      assertSame(made[0], runner.getLoop(), "the factory's loop is used");
    }
    try (Runner runner = new Runner(false, RunnerTest::virtualLoop)) {
      assertFalse(runner.run(debugFlag()));
    }
  }

  @Coroutine
  static Coro<Void> runnerInside(Runner runner) {
    try {
      runner.run(recordLoop(9));
    } catch (IllegalStateException e) {
      log.add(e.getMessage());
    }
    return done();
  }

  /** test_runners.py RunnerTests.test_run_... from a running loop */
  @Test
  void runnerRefusesARunningLoop() {
    try (Runner outer = new Runner(null, RunnerTest::virtualLoop);
        Runner inner = new Runner(null, RunnerTest::virtualLoop)) {
      outer.run(runnerInside(inner));
    }
    assertEquals(List.of("Runner.run() cannot be called from a running event loop"), log);
  }

  @Coroutine
  static Coro<Void> leaveForClose() {
    log.add(createTask(leftover()));
    return done();
  }

  /** test_runners.py RunnerTests.test_run_keeps_... : close() cancels what run() left behind */
  @Test
  void runnerCloseCancelsLeftovers() {
    Runner runner = new Runner(null, RunnerTest::virtualLoop);
    runner.run(leaveForClose());
    Task<?> lo = (Task<?>) log.get(0);
    assertFalse(lo.done(), "still pending between runs");
    runner.close();
    assertTrue(lo.cancelled());
  }
}
