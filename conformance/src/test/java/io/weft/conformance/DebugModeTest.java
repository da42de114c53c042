package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.conformance.EventLoopTest.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debug mode, as asyncio-dev.rst "Debug Mode" lists it: slow callbacks named with their duration,
 * coroutines never awaited reported with where they were created, exceptions never retrieved
 * (also without waiting for the garbage collector: {@code EventLoop.reportAbandoned}); plus the
 * stall handler that lets a test harness fail a deadlock. The thread check is in {@link
 * EventLoopTest#debugModeRefusesCallsFromAnotherThread}.
 */
class DebugModeTest extends VirtualLoopTest {
  /** What the loop's exception handler received. */
  final List<Map<String, Object>> reports = new ArrayList<>();

  @BeforeEach
  void collectReports() {
    loop.setExceptionHandler((l, context) -> reports.add(context));
  }

  // ------------------------------------------------------------------ slow callbacks

  @Coroutine
  static Coro<Void> twoSteps() {
    await(sleep(0));
    return done();
  }

  /** test_base_events.py test_log_slow_callbacks: the warning names the task and its lines. */
  @Test
  void aSlowTaskStepNamesTheTaskTheCoroutineAndWhereTheStepRan() {
    try (LogCapture capture = new LogCapture()) {
      loop.setDebug(true);
      loop.setSlowCallbackDuration(0.0); // every step counts as slow
      loop.runUntilComplete(loop.createTask(twoSteps(), "stepper"));
      List<String> steps = new ArrayList<>();
      for (String w : capture.messages(Level.WARNING)) {
        if (w.startsWith("Executing <Task")) {
          steps.add(w);
        }
      }
      assertEquals(2, steps.size(), steps.toString());
      String at =
          "io\\.weft\\.conformance\\.DebugModeTest\\.twoSteps\\(DebugModeTest\\.java:\\d+\\)";
      assertTrue(steps.get(0).matches("Executing <Task pending name='stepper'"
          + " coro=<coroutine DebugModeTest\\.twoSteps SUSPENDED>> took \\d+\\.\\d{3} seconds"
          + " \\(started at " + at + ", suspended at " + at + "\\)"), steps.get(0));
      assertTrue(steps.get(1).matches("Executing <Task finished result=null name='stepper'.*>"
          + " took \\d+\\.\\d{3} seconds \\(resumed at " + at + ", ran to its end\\)"),
          steps.get(1));
    }
  }

  @Test
  void onlyCallbacksAtLeastSlowCallbackDurationAreReported() {
    try (LogCapture capture = new LogCapture()) {
      loop.setDebug(true);
      loop.setSlowCallbackDuration(60);
      loop.runUntilComplete(twoSteps());
      assertEquals(List.of(), capture.messages(Level.WARNING));
    }
  }

  /** Python's Handle repr in debug mode: "created at file:line" (its _source_traceback). */
  @Test
  void anExceptionInACallbackNamesTheCallbackAndWhereItWasScheduled() {
    loop.setDebug(true);
    loop.callSoon(() -> {
      throw new IllegalStateException("boom");
    });
    runBriefly(loop);
    assertEquals(1, reports.size(), reports.toString());
    String message = (String) reports.get(0).get("message");
    assertTrue(message.matches("Exception in callback Handle\\(lambda in DebugModeTest created at"
        + " io\\.weft\\.conformance\\.DebugModeTest\\.anExceptionInACallback\\w+"
        + "\\(DebugModeTest\\.java:\\d+\\)\\)"), message);
    assertEquals("boom", ((Throwable) reports.get(0).get("exception")).getMessage());
  }

  @Test
  void withoutDebugModeACallbackIsNamedWithoutItsOrigin() {
    loop.callSoon(() -> {
      throw new IllegalStateException("boom");
    });
    runBriefly(loop);
    assertEquals("Exception in callback Handle(lambda in DebugModeTest)",
        reports.get(0).get("message"));
  }

  // ------------------------------------------------------------------ thread check

  /**
   * test_base_events.py test_check_thread, for every scheduling method (EventLoopTest checks
   * callSoon): each refuses a foreign thread while the loop runs; callSoonThreadsafe does not.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everySchedulingMethodRefusesAnotherThreadWhileTheLoopRuns() throws InterruptedException {
    loop.setDebug(true);
    List<String> refused = new ArrayList<>();
    List<Runnable> calls = List.of(
        () -> loop.callSoon(() -> {}),
        () -> loop.callLater(1, () -> {}),
        () -> loop.callAt(1, () -> {}),
        () -> loop.runInExecutor(null, () -> 1),
        () -> loop.callSoonThreadsafe(() -> {}));
    Future<Void> tried = loop.createFuture();
    Thread other = new Thread(() -> {
      for (Runnable call : calls) {
        try {
          call.run();
          refused.add("allowed");
        } catch (IllegalStateException e) {
          refused.add(e.getMessage());
        }
      }
      loop.callSoonThreadsafe(() -> tried.setResult(null));
    });
    loop.callSoon(other::start);
    loop.runUntilComplete(tried);
    other.join();
    String message =
        "Non-thread-safe operation invoked on an event loop other than the current one";
    assertEquals(List.of(message, message, message, message, "allowed"), refused);
  }

  // ------------------------------------------------------------------ never awaited

  @Coroutine
  static Coro<Integer> child() {
    return done(1);
  }

  @Coroutine
  static Coro<Void> dropsAChild() {
    child(); // built, never awaited
    return done();
  }

  /**
   * test_coroutines.py OriginTrackingTest / test_asyncio test_tasks test_coroutine_never_yielded:
   * "coroutine '...' was never awaited" with where it was created, here without waiting for the
   * garbage collector.
   */
  @Test
  void aCoroutineNeverAwaitedIsReportedWithWhereItWasCreated() {
    loop.setDebug(true);
    loop.runUntilComplete(dropsAChild());
    assertEquals(List.of(), reports, "nothing reported before reportAbandoned (it is referenced"
        + " nowhere, but the collector has not run)");
    assertEquals(1, loop.reportAbandoned());
    assertEquals(1, reports.size(), reports.toString());
    Map<String, Object> context = reports.get(0);
    assertEquals("coroutine 'DebugModeTest.child' was never awaited", context.get("message"));
    @SuppressWarnings("unchecked")
    List<StackTraceElement> origin = (List<StackTraceElement>) context.get("source_traceback");
    assertEquals("dropsAChild", origin.get(0).getMethodName(), origin.toString());
    assertEquals("DebugModeTest.java", origin.get(0).getFileName());
    assertTrue(origin.size() <= 10, "Python's DEBUG_STACK_DEPTH: " + origin.size());
    assertEquals(0, loop.reportAbandoned(), "reported once");
  }

  @Coroutine
  static Coro<Void> usesEveryChild() {
    int a = await(child());
    child().close();
    Coro<Integer> thrownInto = child();
    try {
      thrownInto.throwIn(new IllegalArgumentException("never started"));
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      // a coroutine thrown into before it starts is closed
    }
    Task<Integer> task = createTask(child());
    Task<Integer> cancelledBeforeItStarts = createTask(child());
    cancelledBeforeItStarts.cancel();
    try {
      await(cancelledBeforeItStarts);
    } catch (CancelledError expected) {
      // cancelled before its first step
    }
    a += await(task);
    assertEquals(2, a);
    return done();
  }

  @Test
  void coroutinesAwaitedClosedThrownIntoOrRunAsTasksAreNotReported() {
    loop.setDebug(true);
    loop.runUntilComplete(usesEveryChild());
    assertEquals(0, loop.reportAbandoned());
    assertEquals(List.of(), reports);
  }

  @Test
  void withoutDebugModeCoroutinesAreNotTracked() {
    assertEquals(0, getCoroutineOriginTrackingDepth());
    loop.runUntilComplete(dropsAChild());
    assertEquals(0, loop.reportAbandoned());
    assertEquals(List.of(), reports);
  }

  @Coroutine
  static Coro<Integer> trackingDepthWhileRunning() {
    return done(getCoroutineOriginTrackingDepth());
  }

  /** Python's run_forever sets the origin tracking depth to 10 while a debug loop runs. */
  @Test
  void aDebugLoopTracksTenFramesWhileItRuns() {
    loop.setDebug(true);
    assertEquals(10, loop.runUntilComplete(trackingDepthWhileRunning()));
    assertEquals(0, getCoroutineOriginTrackingDepth(), "restored when the loop stops");
    loop.setDebug(false);
    assertEquals(0, loop.runUntilComplete(trackingDepthWhileRunning()));
  }

  /** The garbage-collector path: the loop is closed by then, so the handler is called directly. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theCollectorReportsACoroutineNeverAwaited() throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    loop.setExceptionHandler((l, context) -> {
      reports.add(context);
      reported.countDown();
    });
    loop.setDebug(true);
    loop.runUntilComplete(dropsAChild());
    loop.close();
    for (int i = 0; i < 100 && !reported.await(50, TimeUnit.MILLISECONDS); i++) {
      System.gc();
    }
    assertEquals(1, reports.size(), reports.toString());
    assertEquals("coroutine 'DebugModeTest.child' was never awaited",
        reports.get(0).get("message"));
  }

  /**
   * sys.set_coroutine_origin_tracking_depth outside any loop: the report goes to the log, with
   * the creation stack cut at the depth.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theGlobalSwitchTracksCoroutinesCreatedOutsideAnyLoop() {
    assertThrows(IllegalArgumentException.class, () -> setCoroutineOriginTrackingDepth(-1));
    try (LogCapture capture = new LogCapture()) {
      setCoroutineOriginTrackingDepth(1);
      assertEquals(1, getCoroutineOriginTrackingDepth());
      child();
      setCoroutineOriginTrackingDepth(0);
      for (int i = 0; i < 100 && capture.messages(Level.WARNING).isEmpty(); i++) {
        System.gc();
        loop.runUntilComplete(sleep(0.05)); // virtual time: returns at once
        Thread.yield();
      }
      List<String> warnings = capture.messages(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).matches("coroutine 'DebugModeTest\\.child' was never awaited\n"
          + "Coroutine created at \\(most recent call first\\):\n"
          + "\tat io\\.weft\\.conformance\\.DebugModeTest\\.theGlobalSwitch\\w+"
          + "\\(DebugModeTest\\.java:\\d+\\)"), warnings.get(0));
    } finally {
      setCoroutineOriginTrackingDepth(0);
    }
  }

  // ------------------------------------------------------------------ never retrieved

  @Coroutine
  static Coro<Void> raiser() {
    throw new IllegalStateException("unread");
  }

  @Coroutine
  static Coro<Void> leavesFailuresUnread(List<Object> keep) {
    Task<Void> task = createTask(raiser(), "failing");
    keep.add(task);
    Future<Void> future = getRunningLoop().createFuture();
    future.setException(new IllegalArgumentException("also unread"));
    keep.add(future);
    Future<Void> read = getRunningLoop().createFuture();
    read.setException(new IllegalArgumentException("read"));
    assertEquals("read", read.exception().getMessage());
    await(sleep(1));
    return done();
  }

  /**
   * test_futures.py test_tb_logger_exception_unretrieved, made deterministic: reportAbandoned
   * reports the failures nobody read although both are still referenced.
   */
  @Test
  void exceptionsNeverRetrievedAreReportedWithoutTheCollector() {
    loop.setDebug(true);
    List<Object> keep = new ArrayList<>();
    loop.runUntilComplete(leavesFailuresUnread(keep));
    assertEquals(List.of(), reports);
    assertEquals(2, loop.reportAbandoned());
    assertEquals(2, reports.size(), reports.toString());
    // in the order they failed: the future at once, the task on its first step
    assertEquals("Future exception was never retrieved", reports.get(0).get("message"));
    assertEquals("also unread", ((Throwable) reports.get(0).get("exception")).getMessage());
    assertEquals("Task exception was never retrieved", reports.get(1).get("message"));
    assertEquals("unread", ((Throwable) reports.get(1).get("exception")).getMessage());
    String task = (String) reports.get(1).get("future");
    assertTrue(task.contains("name='failing'") && task.contains("DebugModeTest.raiser"), task);
    assertEquals(0, loop.reportAbandoned(), "reported once");
    assertEquals(2, keep.size());
  }

  @Test
  void withoutDebugModeFailuresAreLeftToTheCollector() {
    List<Object> keep = new ArrayList<>();
    loop.runUntilComplete(leavesFailuresUnread(keep));
    assertEquals(0, loop.reportAbandoned());
  }

  // ------------------------------------------------------------------ stalls

  @Coroutine
  static Coro<Integer> awaits(Future<Integer> f) {
    return done(await(f));
  }

  @Test
  void theStallHandlerRunsWhenNothingCanWakeTheLoop() {
    Future<Integer> f = loop.createFuture();
    List<Double> calls = new ArrayList<>();
    loop.setStallHandler(0, () -> {
      calls.add(loop.time());
      f.setResult(7);
    });
    assertEquals(7, loop.runUntilComplete(awaits(f)));
    assertEquals(1, calls.size());
  }

  @Coroutine
  static Coro<Integer> sleepsThenWorksOutside() {
    await(sleep(3600));
    return done(await(toThread(() -> 6 * 7)));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void timersAndWorkOutsideTheLoopAreNotStalls() {
    List<String> calls = new ArrayList<>();
    loop.setStallHandler(0, () -> calls.add("stalled"));
    assertEquals(42, loop.runUntilComplete(sleepsThenWorksOutside()));
    assertEquals(List.of(), calls);
  }

  /** A thread the loop does not know of has the cushion to call back. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aThreadCallingBackWithinTheCushionIsNotAStall() throws InterruptedException {
    Future<Integer> f = loop.createFuture();
    List<String> calls = new ArrayList<>();
    loop.setStallHandler(30, () -> calls.add("stalled"));
    Thread helper = new Thread(() -> loop.callSoonThreadsafe(() -> f.setResult(1)));
    helper.start();
    assertEquals(1, loop.runUntilComplete(awaits(f)));
    helper.join();
    assertEquals(List.of(), calls);
    assertThrows(IllegalArgumentException.class, () -> loop.setStallHandler(-1, () -> {}));
  }

  // ------------------------------------------------------------------ settings

  /** Python's PYTHONASYNCIODEBUG=1: -Dweft.debug=true starts every new loop in debug mode. */
  @Test
  void theWeftDebugPropertyStartsLoopsInDebugMode() {
    System.setProperty("weft.debug", "true");
    try (EventLoop debugLoop = new EventLoop()) {
      assertTrue(debugLoop.getDebug());
    } finally {
      System.clearProperty("weft.debug");
    }
    try (EventLoop plain = new EventLoop()) {
      assertFalse(plain.getDebug());
    }
  }

  /** Python's default_exception_handler prints source_traceback as "Object created at". */
  @Test
  void theDefaultHandlerPrintsWhereAnObjectWasCreated() {
    try (LogCapture capture = new LogCapture()) {
      loop.defaultExceptionHandler(Map.of("message", "something was never awaited",
          "source_traceback", List.of(new StackTraceElement("p.C", "m", "C.java", 3))));
      assertEquals(List.of("something was never awaited\n"
          + "Object created at (most recent call first):\n\tat p.C.m(C.java:3)"),
          capture.messages(Level.SEVERE));
    }
  }
}
