package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.Timeout;
import io.weft.TimeoutError;
import io.weft.TimerHandle;
import io.weft.junit.CoroutineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncio.timeout} / {@code timeout_at} / {@code Timeout}: CPython's test_timeouts.py
 * TimeoutTests. Python's {@code async with asyncio.timeout(d) as cm: body} is written {@code
 * Timeout cm = timeout(d); await(cm.run(body(...)))}.
 *
 * <p>Each {@link CoroutineTest} runs on a fresh virtual-time loop in debug mode and also fails if
 * it leaks a task or leaves an exception unread (weft-junit). A test method either is the
 * coroutine ({@code @CoroutineTest @Coroutine}) or returns the coroutine to run.
 */
class TimeoutTest {

  @Coroutine
  static Coro<Void> basic() {
    Timeout cm = timeout(0.01);
    try {
      await(cm.run(sleep(10)));
      fail("no TimeoutError");
    } catch (TimeoutError e) {
      assertInstanceOf(CancelledError.class, e.getCause(), "test_timeout_exception_cause");
    }
    assertTrue(cm.expired());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_timeout_basic and test_timeout_exception_cause. */
  @CoroutineTest
  Coro<?> theDeadlineCancelsTheBodyAndRaisesTimeoutErrorCausedByTheCancellation() {
    return basic();
  }

  @Coroutine
  static Coro<Void> atBasic() {
    EventLoop loop = getRunningLoop();
    double deadline = loop.time() + 0.01;
    Timeout cm = timeoutAt(deadline);
    try {
      await(cm.run(sleep(10)));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      assertEquals(deadline, loop.time(), 1e-9, "raised at the deadline, on virtual time");
    }
    assertTrue(cm.expired());
    assertEquals(deadline, cm.when());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_timeout_at_basic. */
  @CoroutineTest
  Coro<?> timeoutAtTakesAnAbsoluteDeadline() {
    return atBasic();
  }

  @Coroutine
  static Coro<Void> innerTimeoutSeesCancelledError(Timeout cm2, List<String> log) {
    try {
      await(cm2.run(sleep(10)));
    } catch (CancelledError e) {
      log.add("inner block raised CancelledError");
      throw e;
    }
    return done();
  }

  @Coroutine
  static Coro<Void> nested(List<String> log) {
    double deadline = getRunningLoop().time() + 0.01;
    Timeout cm1 = timeoutAt(deadline);
    Timeout cm2 = timeoutAt(deadline);
    try {
      await(cm1.run(innerTimeoutSeesCancelledError(cm2, log)));
    } catch (TimeoutError e) {
      log.add("outer block raised TimeoutError");
    }
    assertTrue(cm1.expired());
    assertTrue(cm2.expired());
    assertEquals(0, currentTask().cancelling(), "both cancellations withdrawn");
    return done();
  }

  /**
   * test_timeouts.py TimeoutTests.test_nested_timeouts: two expired timeouts each withdraw their
   * own cancellation; only the outermost turns it into a TimeoutError.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> onlyTheOutermostOfNestedExpiredTimeoutsRaisesTimeoutError() {
    List<String> log = new ArrayList<>();
    await(nested(log));
    assertEquals(
        List.of("inner block raised CancelledError", "outer block raised TimeoutError"), log);
    return done();
  }

  @Coroutine
  static Coro<Void> cancelSelfThenSleep() {
    currentTask().cancel();
    await(sleep(10));
    return done();
  }

  @Coroutine
  static Coro<Void> foreignCancel() {
    Timeout cm = timeout(10);
    try {
      await(cm.run(cancelSelfThenSleep()));
      fail("no CancelledError");
    } catch (CancelledError expected) {
      // a cancellation that is not the timeout's propagates as it is
    }
    assertFalse(cm.expired());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired. */
  @CoroutineTest
  Coro<?> aForeignCancelPropagatesWhenTheTimeoutDidNotExpire() {
    return foreignCancel();
  }

  @Coroutine
  static Coro<Void> raiseNow() {
    throw new IllegalArgumentException("KeyError");
  }

  @Coroutine
  static Coro<Void> foreignException() {
    Timeout cm = timeout(0.01);
    try {
      await(cm.run(raiseNow()));
      fail("no exception");
    } catch (IllegalArgumentException expected) {
      assertEquals("KeyError", expected.getMessage());
    }
    assertFalse(cm.expired());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_foreign_exception_passed. */
  @CoroutineTest
  Coro<?> anExceptionOfTheBodyPassesThrough() {
    return foreignException();
  }

  @Coroutine
  static Coro<Void> crash() {
    try {
      await(sleep(1));
    } finally {
      if (getRunningLoop() != null) {
        throw new ArithmeticException("division by zero");
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> foreignExceptionOnTimeout() {
    try {
      await(timeout(0.01).run(crash()));
      fail("no exception");
    } catch (ArithmeticException expected) {
      // raised while handling the timeout's cancellation: it wins, unchanged
    }
    assertEquals(0, currentTask().cancelling());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_foreign_exception_on_timeout. */
  @CoroutineTest
  Coro<?> anExceptionRaisedWhileCancellingReplacesTheTimeout() {
    return foreignExceptionOnTimeout();
  }

  @Coroutine
  static Coro<Void> zero(double delay, double sleepFor) {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Timeout cm = timeout(delay);
    try {
      await(cm.run(sleep(sleepFor)));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // a deadline already past fires on the next loop pass
    }
    assertTrue(cm.expired());
    assertEquals(t0 + delay, cm.when(), 1e-9);
    assertEquals(t0, loop.time(), 1e-9, "no time passed");
    return done();
  }

  /**
   * test_timeouts.py TimeoutTests.test_timeout_zero, test_timeout_zero_sleep_zero and
   * test_timeout_in_the_past_sleep_zero.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> aDeadlineNowOrInThePastStillCancelsTheFirstAwait() {
    // each in a task of its own, as each ran alone before
    await(createTask(zero(0, 10)));
    await(createTask(zero(0, 0)));
    await(createTask(zero(-11, 0)));
    return done();
  }

  @Coroutine
  static Coro<Void> timesOut() {
    try {
      await(timeout(0.001).run(sleep(10)));
    } catch (TimeoutError expected) {
      return done();
    }
    throw new AssertionError("no TimeoutError");
  }

  @Coroutine
  static Coro<Void> outerNotCancelled() {
    Task<Void> task = createTask(timesOut());
    await(task);
    assertFalse(task.cancelled());
    assertTrue(task.done());
    assertEquals(0, task.cancelling());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_outer_task_is_not_cancelled. */
  @CoroutineTest
  Coro<?> theTaskThatCaughtTheTimeoutIsNotCancelled() {
    return outerNotCancelled();
  }

  @Coroutine
  static Coro<Void> publishAndSleep(Timeout cm, Future<Timeout> fut) {
    fut.setResult(cm);
    await(sleep(50));
    return done();
  }

  @Coroutine
  static Coro<Void> reschedule() {
    EventLoop loop = getRunningLoop();
    Future<Timeout> fut = loop.createFuture();
    double deadline1 = loop.time() + 10;
    double deadline2 = deadline1 + 20;
    Timeout timeout = timeoutAt(deadline1);
    Task<Void> task = createTask(timeout.run(publishAndSleep(timeout, fut)));
    Timeout cm = await(fut);

    assertEquals(deadline1, cm.when());
    cm.reschedule(deadline2);
    assertEquals(deadline2, cm.when());
    cm.reschedule(Double.POSITIVE_INFINITY);
    assertEquals(Double.POSITIVE_INFINITY, cm.when(), "Python's None");
    assertEquals("<Timeout [active] when=None>", cm.toString());

    task.cancel();
    try {
      await(task);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // the cancel came from outside
    }
    assertFalse(cm.expired());
    assertEquals("<Timeout [finished]>", cm.toString());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_reschedule (and test_repr_active/finished). */
  @CoroutineTest
  Coro<?> rescheduleMovesOrDropsTheDeadline() {
    return reschedule();
  }

  @Coroutine
  static Coro<Void> rescheduleWhileExpiring(Timeout cm) {
    try {
      await(sleep(1));
      fail("not cancelled");
    } catch (CancelledError expected) {
      // the deadline passed
    }
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
    assertEquals("Cannot change state of expiring Timeout", e.getMessage());
    return done();
  }

  @Coroutine
  static Coro<Void> stateErrors() {
    Timeout notEntered = timeout(0.01);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> notEntered.reschedule(0.02));
    assertEquals("Timeout has not been entered", e.getMessage());

    Timeout finished = timeout(0.01);
    await(finished.run(sleep(0)));
    e = assertThrows(IllegalStateException.class, () -> finished.reschedule(0.02));
    assertEquals("Cannot change state of finished Timeout", e.getMessage());
    try {
      await(finished.run(sleep(0)));
      fail("entered twice");
    } catch (IllegalStateException twice) {
      assertEquals("Timeout has already been entered", twice.getMessage());
    }

    Timeout expired = timeout(0.01);
    try {
      await(expired.run(sleep(1)));
    } catch (TimeoutError expected) {
      // expired
    }
    e = assertThrows(IllegalStateException.class, () -> expired.reschedule(0.02));
    assertEquals("Cannot change state of expired Timeout", e.getMessage());

    Timeout expiring = timeout(0.01);
    await(expiring.run(rescheduleWhileExpiring(expiring)));
    assertTrue(expiring.expired(), "expired, though the body swallowed the cancellation");
    return done();
  }

  /**
   * test_timeouts.py TimeoutTests.test_timeout_not_entered, test_timeout_double_enter,
   * test_timeout_finished, test_timeout_expired and test_timeout_expiring: Python's messages.
   */
  @CoroutineTest
  Coro<?> rescheduleAndReentryOutsideTheActiveStateAreRefused() {
    return stateErrors();
  }

  @Coroutine
  static Coro<Void> withoutTask(List<Object> log) {
    Timeout cm = timeout(0.01);
    Coro<Void> block = cm.run(sleep(0));
    Future<Void> ran = getRunningLoop().createFuture();
    getRunningLoop().callSoon(() -> {
      try {
        block.send(null); // driven by hand from a callback: no current task
      } catch (IllegalStateException e) {
        log.add(e.getMessage());
      }
      ran.setResult(null);
    });
    await(ran);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(1));
    log.add(e.getMessage());
    return done();
  }

  /** test_timeouts.py TimeoutTests.test_timeout_without_task. */
  @CoroutineTest
  @Coroutine
  Coro<Void> aTimeoutNeedsATask() {
    List<Object> log = new ArrayList<>();
    await(withoutTask(log));
    assertEquals(List.of("Timeout should be used inside a task", "Timeout has not been entered"),
        log);
    return done();
  }

  @Coroutine
  static Coro<Void> cleanupAfterCancellation(boolean cancelInside) {
    try {
      currentTask().cancel();
      await(sleep(1)); // work which will be cancelled
    } catch (CancelledError swallowed) {
      // cancelling() stays 1: nobody uncancels
    }
    if (!cancelInside) {
      try {
        await(timeout(0.0).run(sleep(1))); // some cleanup
        fail("no TimeoutError");
      } catch (TimeoutError expected) {
        // the recorded count was 1: our own expiry brings it back to 1
      }
    } else {
      try {
        await(timeout(1.0).run(cancelSelfThenSleep()));
        fail("no CancelledError");
      } catch (CancelledError expected) {
        // a foreign cancel inside the block, not expired
      }
    }
    return done();
  }

  /**
   * test_timeouts.py TimeoutTests.test_timeout_after_cancellation and
   * test_cancel_in_timeout_after_cancellation: the count recorded on entry, not zero, is the base.
   */
  @CoroutineTest
  @Coroutine
  Coro<Void> aTimeoutAfterASwallowedCancellationStillWorks() {
    // each in a task of its own: the count each one leaves must not be the other's base
    await(createTask(cleanupAfterCancellation(false)));
    await(createTask(cleanupAfterCancellation(true)));
    return done();
  }

  @Coroutine
  static Coro<boolean[]> makeRequestWithTimeout(double sleepFor, double timeoutAfter) {
    Task<?> task = currentTask();
    EventLoop loop = task.getLoop();
    boolean[] flags = new boolean[3]; // timedOut, structuredBlockFinished, outerCodeReached
    TimerHandle timeoutHandle = loop.callLater(timeoutAfter, () -> {
      flags[0] = true;
      task.cancel();
    });
    try {
      try {
        await(sleep(sleepFor)); // the structured block affected by the timeout
        flags[1] = true;
      } catch (CancelledError e) {
        timeoutHandle.cancel();
        if (flags[0] && task.uncancel() == 0) {
          throw new TimeoutError(); // ours, and no other cancellation pending
        }
        throw e;
      } finally {
        timeoutHandle.cancel();
      }
    } catch (TimeoutError e) {
      assertTrue(flags[0]);
    }
    flags[2] = true; // outer code, not affected by the timeout
    await(sleep(0));
    return done(flags);
  }

  /**
   * test_tasks.py BaseTaskTests.test_uncancel_structured_blocks: the uncancel() protocol
   * Timeout is built on, written out by hand.
   */
  @Test
  void uncancelLetsAStructuredBlockAbsorbItsOwnCancellation() {
    EventLoop loop = Loops.virtual();
    try {
      Task<boolean[]> t1 = loop.createTask(makeRequestWithTimeout(10.0, 0.1));
      boolean[] r = loop.runUntilComplete(t1);
      assertTrue(r[0], "timed out");
      assertFalse(r[1], "the structured block was cancelled");
      assertTrue(r[2], "the outer code ran");
      assertEquals(0, t1.cancelling());

      Task<boolean[]> t2 = loop.createTask(makeRequestWithTimeout(0, 10.0));
      r = loop.runUntilComplete(t2);
      assertFalse(r[0]);
      assertTrue(r[1]);
      assertTrue(r[2]);
      assertEquals(0, t2.cancelling());
    } finally {
      loop.close();
    }
  }

  /** Bad input: NaN deadlines and a null body. */
  @Test
  void nanAndNullAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> timeoutAt(Double.NaN));
    assertThrows(NullPointerException.class, () -> timeoutAt(1).run(null));
  }
}
