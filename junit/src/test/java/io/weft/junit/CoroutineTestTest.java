package io.weft.junit;

import static io.weft.Asyncio.*;
import static io.weft.junit.WeftTest.runTest;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.junit.Launch.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * {@link CoroutineTest} and {@link WeftTest#runTest}: tests written with them (run by Surefire as
 * any test), and the fixtures of {@link Fixtures} run through the Launcher to see what fails a
 * test and with which message.
 */
class CoroutineTestTest {

  // ------------------------------------------------------------------------ used directly

  @CoroutineTest
  @Coroutine
  Coro<Void> anHourOfSleepsTakesMilliseconds(EventLoop loop) {
    long start = System.nanoTime();
    double t0 = loop.time();
    for (int i = 0; i < 3600; i++) {
      await(sleep(1));
    }
    assertEquals(3600.0, loop.time() - t0, 1e-9, "an hour of virtual time, exactly");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < 1000, "3600 sleeps took " + tookMs + " ms of real time");
    return done();
  }

  @CoroutineTest
  @Coroutine
  Coro<Void> theParameterIsTheRunningLoopInDebugModeOnVirtualTime(EventLoop loop) {
    assertSame(loop, getRunningLoop());
    assertTrue(loop.getDebug(), "debug mode");
    assertTrue(loop.clock().toString().startsWith("Clock.virtual"), loop.clock().toString());
    return done();
  }

  @CoroutineTest(realClock = true)
  @Coroutine
  Coro<Void> realClockRunsOnTheMachinesClock(EventLoop loop) {
    assertSame(Clock.system(), loop.clock());
    return done();
  }

  @CoroutineTest
  @Coroutine
  Coro<Void> awaitedTasksAndRetrievedExceptionsPass() {
    var task = createTask(Fixtures.sleeper(5));
    var failed = createTask(Fixtures.raiser("read below"));
    await(task);
    try {
      await(failed);
      fail("no exception");
    } catch (IllegalStateException expected) {
      assertEquals("read below", expected.getMessage());
    }
    return done();
  }

  @Test
  void runTestReturnsTheResult() {
    int result = runTest(() -> {
      await(sleep(60));
      return done(42);
    });
    assertEquals(42, result);
  }

  @Test
  void runTestRunsOnAFreshVirtualLoopEachTime() {
    EventLoop first = runTest(() -> done(getRunningLoop()));
    EventLoop second = runTest(() -> done(getRunningLoop()));
    assertNotSame(first, second);
    assertTrue(first.isClosed(), "closed after the test");
  }

  @Test
  void optionsAreValidated() {
    var e = assertThrows(IllegalArgumentException.class, () -> WeftTest.options().timeout(0));
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }

  // ------------------------------------------------------------------------ through the Launcher

  @Test
  void passingTestsAreOneTestEachAndFinishInWellUnderASecond() {
    long start = System.nanoTime();
    List<Outcome> outcomes = Launch.run(Fixtures.Passing.class);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(2, outcomes.size(), outcomes.toString());
    for (Outcome o : outcomes) {
      assertEquals(Status.SUCCESSFUL, o.status(), o.toString());
    }
    // the @CoroutineTest is a dynamic test under its factory: Surefire's testcase name
    assertEquals("anHourOfSleeps()[1]", outcomes.get(0).legacyName());
    assertEquals("anHourOfSleeps()", outcomes.get(0).displayName());
    assertEquals("lambdaForm()", outcomes.get(1).legacyName());
    assertTrue(tookMs < 1000, "two hours of virtual sleeps took " + tookMs + " ms");
  }

  @Test
  void anAssertionErrorFailsTheTestWithItsOwnMessage() {
    Outcome o = Launch.single(Fixtures.AssertionFails.class);
    assertEquals(Status.FAILED, o.status());
    assertEquals("org.opentest4j.AssertionFailedError", o.error().getClass().getName());
    assertEquals("the sum after a second ==> expected: <5> but was: <4>", o.error().getMessage());
    assertEquals(0, o.error().getSuppressed().length, "nothing else went wrong");
  }

  @Test
  void aLeakedTaskFailsTheTestNamingTheTaskAndWhereItWaits() {
    Outcome o = Launch.single(Fixtures.LeakedTask.class);
    assertEquals(Status.FAILED, o.status());
    assertInstanceOf(AssertionError.class, o.error());
    String text = o.text();
    assertTrue(text.contains("1 task was still pending when the test's coroutine returned"), text);
    assertTrue(text.contains("Task 'forgotten': <coroutine Fixtures.sleeper SUSPENDED>"), text);
    assertTrue(text.contains("at io.weft.junit.Fixtures.sleeper(Fixtures.java:"), text);
    assertTrue(text.contains("allowLeakedTasks"), "names the way out: " + text);
  }

  @Test
  void aTaskExceptionNeverRetrievedFailsTheTestWithoutWaitingForTheCollector() {
    Outcome o = Launch.single(Fixtures.NeverRetrieved.class);
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("Task exception was never retrieved"), text);
    assertTrue(text.contains("name='unread'"), text);
    assertTrue(text.contains("nobody reads this"), text);
    assertEquals("nobody reads this", o.error().getSuppressed()[0].getMessage(),
        "the exception itself rides along, with its stack trace");
    assertFalse(Fixtures.NeverRetrieved.KEPT.isEmpty(), "the task was still reachable");
  }

  @Test
  void anExceptionInACallbackFailsTheTestNamingTheCallbackAndWhereItWasScheduled() {
    Outcome o = Launch.single(Fixtures.CallbackThrows.class);
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("Exception in callback Handle(lambda in Fixtures$CallbackThrows"
        + " created at io.weft.junit.Fixtures$CallbackThrows.callbackRaises(Fixtures.java:"), text);
    assertTrue(text.contains("boom in a callback"), text);
  }

  @Test
  void aDeadlockFailsFastWithTheStackOfEveryTask() {
    long start = System.nanoTime();
    Outcome o = Launch.single(Fixtures.Deadlock.class);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("Deadlock: the test's coroutine can never finish"), text);
    assertTrue(text.contains("Task 'awaitsAFutureNobodyCompletes()' (the test's coroutine)"), text);
    assertTrue(text.contains(
        "at io.weft.junit.Fixtures$Deadlock.awaitsAFutureNobodyCompletes(Fixtures.java:"), text);
    assertTrue(tookMs < 5000, "failed after " + tookMs + " ms instead of hanging");
  }

  @Test
  void aCoroutineNeverAwaitedFailsTheTestWithWhereItWasCreated() {
    Outcome o = Launch.single(Fixtures.NeverAwaited.class);
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("coroutine 'Fixtures.sleeper' was never awaited"), text);
    assertTrue(text.contains("created at (most recent call first):\n"
        + "      at io.weft.junit.Fixtures$NeverAwaited.forgetsTheAwait(Fixtures.java:"), text);
  }

  @Test
  void aTestThatNeverEndsFailsAtItsTimeoutOfVirtualTime() {
    Outcome o = Launch.single(Fixtures.Livelock.class);
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("did not finish within 60.0 seconds of virtual time"), text);
    assertTrue(text.contains("Fixtures$Livelock.sleepsForever(Fixtures.java:"), text);
  }

  @Test
  void leakedTasksCanBeAllowed() {
    assertEquals(Status.SUCCESSFUL, Launch.single(Fixtures.LeakAllowed.class).status());
  }

  @Test
  void theCoroutinesOwnFailureComesFirstAndWhatItLeftIsSuppressed() {
    Outcome o = Launch.single(Fixtures.FailsAndLeaks.class);
    assertEquals(Status.FAILED, o.status());
    assertTrue(o.error().getMessage().startsWith("the assertion comes first"), o.text());
    Throwable[] suppressed = o.error().getSuppressed();
    assertEquals(1, suppressed.length, o.text());
    assertTrue(suppressed[0].getMessage().contains("Task 'leaked'"), suppressed[0].getMessage());
  }

  @Test
  void aTaskThatSwallowsItsCancellationAndWaitsForeverIsReportedNotWaitedFor() {
    Outcome o = Launch.single(Fixtures.IgnoresCancellation.class);
    assertEquals(Status.FAILED, o.status());
    String text = o.text();
    assertTrue(text.contains("Task 'stubborn'"), text);
    assertTrue(text.contains("still pending after being cancelled"), text);
  }

  @Test
  void theLambdaFormHasTheSameChecksAndIsNamedAfterTheTestMethod() {
    Outcome o = Launch.single(Fixtures.LambdaLeaks.class);
    assertEquals(Status.FAILED, o.status());
    assertTrue(o.text().startsWith("Test 'leaksInRunTest' left a problem behind"), o.text());
    assertTrue(o.text().contains("Task 'from the lambda'"), o.text());
  }

  @Test
  void aCoroutineThatStopsItsLoopFailsInsteadOfPassingUnfinished() {
    Outcome o = Launch.single(Fixtures.StopsItsLoop.class);
    assertEquals(Status.FAILED, o.status());
    assertTrue(o.text().contains("The event loop was stopped before the test's coroutine"
        + " finished"), o.text());
  }

  @Test
  void aCoroutineTestThatReturnsNoCoroutineSaysHowToWriteIt() {
    List<Outcome> outcomes = Launch.run(Fixtures.NotACoroutine.class);
    assertEquals(1, outcomes.size(), outcomes.toString());
    Outcome o = outcomes.get(0);
    assertEquals(Status.FAILED, o.status());
    assertTrue(o.text().contains("returned null, not a coroutine"), o.text());
    assertTrue(o.text().contains("@Coroutine Coro<Void> forgotCoroutine()"), o.text());
  }
}
