package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.TimeoutError;
import io.weft.junit.CoroutineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncio.wait_for} with Python 3.12+ semantics (built on {@code timeout}): CPython's
 * test_waitfor.py AsyncioWaitForTest and WaitForShieldTests. Each {@link CoroutineTest} runs on a
 * fresh virtual-time loop in debug mode, failing on leaked tasks and unread exceptions too.
 */
class WaitForTest {
  private static final double EPSILON = 0.0001;

  @Coroutine
  static Coro<Void> slowToCancel(List<String> log) {
    try {
      await(sleep(10));
    } catch (CancelledError e) {
      log.add("inner cancelled at " + getRunningLoop().time());
      await(sleep(EPSILON));
      throw e;
    } finally {
      log.add("inner done at " + getRunningLoop().time());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> waitsForCancellation(List<String> log, double timeout) {
    Task<Void> innerTask = createTask(slowToCancel(log));
    if (timeout <= 0) {
      await(sleep(EPSILON)); // let the inner task start
    }
    try {
      await(waitFor(innerTask, timeout));
      fail("no TimeoutError");
    } catch (TimeoutError e) {
      log.add("TimeoutError at " + getRunningLoop().time());
      assertInstanceOf(CancelledError.class, e.getCause());
    }
    return done();
  }

  /**
   * test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation: the TimeoutError
   * comes only after the cancelled task finished cleaning up.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> timeoutWaitsForTheCancelledTaskToFinish() {
    List<String> log = new ArrayList<>();
    await(waitsForCancellation(log, EPSILON));
    double end = 2 * EPSILON;
    assertEquals(List.of("inner cancelled at " + EPSILON, "inner done at " + end,
        "TimeoutError at " + end), log);
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0. */
  @CoroutineTest
  @Coroutine
  Coro<Void> zeroTimeoutAlsoWaitsForTheCancelledTaskToFinish() {
    List<String> log = new ArrayList<>();
    await(waitsForCancellation(log, 0));
    double end = 2 * EPSILON;
    assertEquals(List.of("inner cancelled at " + EPSILON, "inner done at " + end,
        "TimeoutError at " + end), log);
    return done();
  }

  @Coroutine
  static Coro<Void> raiseWhileCancelled() {
    try {
      await(sleep(0.2));
    } finally {
      if (getRunningLoop() != null) {
        throw new UnsupportedOperationException("FooException");
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> reraises() {
    Task<Void> innerTask = createTask(raiseWhileCancelled());
    try {
      await(waitFor(innerTask, EPSILON));
      fail("nothing raised");
    } catch (UnsupportedOperationException expected) {
      assertEquals("FooException", expected.getMessage());
    }
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation. */
  @CoroutineTest
  Coro<?> anExceptionRaisedDuringTheCancellationPropagates() {
    return reraises();
  }

  @Coroutine
  static Coro<Void> zeroTimeoutDoneFuture() {
    Future<String> fut = getRunningLoop().createFuture();
    fut.setResult("done");
    assertEquals("done", await(waitFor(fut, 0)));
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done. */
  @CoroutineTest
  Coro<?> zeroTimeoutOnADoneFutureGivesItsResult() {
    return zeroTimeoutDoneFuture();
  }

  @Coroutine
  static Coro<Void> markStarted(boolean[] started) {
    started[0] = true;
    return done();
  }

  @Coroutine
  static Coro<Void> zeroTimeoutCoroutine() {
    boolean[] started = {false};
    try {
      await(waitFor(markStarted(started), 0));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // the coroutine's task was cancelled before its first step
    }
    assertFalse(started[0]);
    return done();
  }

  /**
   * test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started.
   */
  @CoroutineTest
  Coro<?> zeroTimeoutNeverStartsACoroutine() {
    return zeroTimeoutCoroutine();
  }

  @Coroutine
  static Coro<String> longSleeper(Future<Void> started, boolean[] running) {
    running[0] = true;
    if (started != null) {
      started.setResult(null);
    }
    try {
      await(sleep(10));
    } finally {
      running[0] = false;
    }
    return done("done");
  }

  @Coroutine
  static Coro<Void> timeoutCancelsTheTask(double timeout) {
    boolean[] running = {false};
    Future<Void> started = getRunningLoop().createFuture();
    Task<String> fut = createTask(longSleeper(started, running));
    await(started);
    try {
      await(waitFor(fut, timeout));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // fut was cancelled because of the timeout
    }
    assertTrue(fut.done());
    assertTrue(fut.cancelled());
    assertFalse(running[0]);
    return done();
  }

  /**
   * test_waitfor.py AsyncioWaitForTest.test_wait_for and
   * test_wait_for_timeout_less_then_0_or_0: on timeout the awaited task is cancelled.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> onTimeoutTheTaskIsCancelled() {
    await(createTask(timeoutCancelsTheTask(0.1)));
    await(createTask(timeoutCancelsTheTask(0)));
    await(createTask(timeoutCancelsTheTask(-1)));
    return done();
  }

  @Coroutine
  static Coro<String> returnsAtOnce() {
    return done("done");
  }

  @Coroutine
  static Coro<Void> noTimeout() {
    assertEquals("done", await(waitFor(returnsAtOnce(), Double.POSITIVE_INFINITY)));
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_wait_for_blocking: Python's timeout=None. */
  @CoroutineTest
  Coro<?> infinityMeansNoTimeout() {
    return noTimeout();
  }

  @Coroutine
  static Coro<Void> raceCondition() {
    EventLoop loop = getRunningLoop();
    Future<String> fut = loop.createFuture();
    Coro<String> task = waitFor(fut, 0.2);
    loop.callLater(0.1, () -> fut.setResult("ok"));
    assertEquals("ok", await(task));
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_wait_for_race_condition. */
  @CoroutineTest
  Coro<?> aResultBeforeTheDeadlineWins() {
    return raceCondition();
  }

  @Coroutine
  static Coro<Integer> suppressesCancellation(List<String> log) {
    try {
      await(sleep(1));
      fail("not cancelled");
    } catch (CancelledError expected) {
      log.add("cancelled, in task " + currentTask().getName());
    }
    return done(1);
  }

  @Coroutine
  static Coro<Void> cancellationSuppressed(List<String> log) {
    log.add("caller is " + currentTask().getName());
    assertEquals(1, await(waitFor(suppressesCancellation(log), .01)));
    return done();
  }

  /**
   * test_waitfor.py AsyncioWaitForTest.test_wait_for_cancellation_race_condition: a value returned
   * by code that swallowed the cancellation is returned. The coroutine runs in the caller's task.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> aValueReturnedAfterSwallowingTheCancellationIsReturned() {
    List<String> log = new ArrayList<>();
    await(createTask(cancellationSuppressed(log)));
    String caller = log.get(0).substring("caller is ".length());
    assertEquals(List.of("caller is " + caller, "cancelled, in task " + caller), log,
        "a bare coroutine is not wrapped in a task");
    return done();
  }

  @Coroutine
  static Coro<Void> blockForever() {
    await(getRunningLoop().createFuture());
    return done();
  }

  @Coroutine
  static Coro<Void> cancelTheWait(double timeout) {
    Task<Void> task = createTask(blockForever());
    Task<Void> wait = createTask(waitFor(task, timeout));
    getRunningLoop().callSoon(wait::cancel);
    try {
      await(wait);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // the wait was cancelled
    }
    assertTrue(task.cancelled(), "bpo-23219: cancelling the wait cancels the task");
    return done();
  }

  /** test_waitfor.py AsyncioWaitForTest.test_cancel_wait_for and test_cancel_blocking_wait_for. */
  @CoroutineTest
  @Coroutine
  Coro<Void> cancellingTheWaitCancelsTheAwaitable() {
    await(cancelTheWait(60.0));
    await(cancelTheWait(Double.POSITIVE_INFINITY));
    return done();
  }

  @Coroutine
  static Coro<String> sleepThenDone(double delay) {
    await(sleep(delay));
    return done("done");
  }

  @Coroutine
  static Coro<Void> shieldedZeroTimeout() {
    Task<String> task = createTask(sleepThenDone(0.01));
    Future<String> shielded = shield(task);
    try {
      await(waitFor(shielded, 0));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // only the shield was cancelled
    }
    assertFalse(task.done());
    assertTrue(shielded.cancelled());
    await(sleep(0.1));
    assertTrue(task.done());
    return done();
  }

  /** test_waitfor.py WaitForShieldTests.test_zero_timeout. */
  @CoroutineTest
  Coro<?> aShieldedTaskOutlivesAZeroTimeout() {
    return shieldedZeroTimeout();
  }

  @Coroutine
  static Coro<Void> shieldedTimeout() {
    Task<String> task = createTask(sleepThenDone(0.1));
    try {
      await(waitFor(shield(task), 0.01));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // the shield was cancelled, not the task
    }
    assertFalse(task.done());
    assertFalse(task.cancelled());
    assertEquals("done", await(task));
    return done();
  }

  /** test_waitfor.py WaitForShieldTests.test_shielded_timeout. */
  @CoroutineTest
  Coro<?> aShieldedTaskOutlivesATimeout() {
    return shieldedTimeout();
  }

  /** Bad input: null awaitable, NaN timeout. */
  @Test
  void nullAndNanAreRefused() {
    assertThrows(NullPointerException.class, () -> waitFor(null, 1));
    Coro<Void> coro = sleep(1);
    assertThrows(IllegalArgumentException.class, () -> waitFor(coro, Double.NaN));
    coro.close();
  }
}
