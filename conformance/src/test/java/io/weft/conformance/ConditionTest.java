package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.TimeoutError;
import io.weft.sync.Condition;
import io.weft.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code asyncio.Condition}: CPython's test_locks.py ConditionTests (3.13). Python's {@code
 * wait()}, {@code notify(n)}, {@code notify_all()} are {@code await()}, {@code signal(n)}, {@code
 * signalAll()}; {@code async with cond: body} is {@code await(cond.run(body))}; {@code await
 * asyncio.sleep(0)} in the test's main task is one {@code runBriefly(loop)}. Every loop runs on
 * virtual time; each test has a time limit.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class ConditionTest extends VirtualLoopTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  @Coroutine
  static Coro<Boolean> acquireWaitAppend(Condition cond, List<Integer> result, int n) {
    await(cond.acquire());
    if (await(cond.await())) {
      result.add(n);
    }
    return done(true);
  }

  /**
   * test_locks.py ConditionTests.test_wait: a signalled task returns from its wait only once it
   * holds the lock again, and signalled tasks take the lock in order.
   */
  @Test
  void aSignalledWaiterReturnsOnceItHoldsTheLockAgain() {
    Condition cond = new Condition();
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = loop.createTask(acquireWaitAppend(cond, result, 1));
    Task<Boolean> t2 = loop.createTask(acquireWaitAppend(cond, result, 2));
    Task<Boolean> t3 = loop.createTask(acquireWaitAppend(cond, result, 3));
    runBriefly(loop);
    assertEquals(List.of(), result);
    assertFalse(cond.locked(), "waiting released the lock");
    assertEquals(3, cond.statistics().waiting());

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    runBriefly(loop);
    assertEquals(List.of(), result, "t1 waits for the lock");
    assertTrue(cond.locked());

    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1), result);
    assertTrue(cond.locked(), "t1 returned holding it");

    cond.signal(2);
    runBriefly(loop);
    assertEquals(List.of(1), result);
    assertTrue(cond.locked());

    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2), result);
    assertTrue(cond.locked());

    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2, 3), result);
    assertTrue(cond.locked());
    assertTrue(t1.result() && t2.result() && t3.result());
  }

  /**
   * test_locks.py ConditionTests.test_wait_cancel: a wait cancelled before any signal leaves the
   * queue and holds the lock again before raising.
   */
  @Test
  void aCancelledWaitLeavesTheQueueAndHoldsTheLock() {
    Condition cond = new Condition();
    assertTrue(loop.runUntilComplete(cond.acquire()));
    Task<Boolean> wait = loop.createTask(cond.await());
    loop.callSoon(() -> wait.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(wait));
    assertEquals(0, cond.statistics().waiting());
    assertTrue(cond.locked());
  }

  /**
   * test_locks.py ConditionTests.test_wait_cancel_contested: signalled, then cancelled while the
   * lock is contested; whatever the outcome, the waiter ends holding the lock.
   */
  @Test
  void aWaiterCancelledWhileTheLockIsContestedEndsHoldingIt() {
    Condition cond = new Condition();
    assertTrue(loop.runUntilComplete(cond.acquire()));
    Task<Boolean> waitTask = loop.createTask(cond.await());
    runBriefly(loop);
    assertFalse(cond.locked());

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    loop.callSoon(() -> waitTask.cancel());
    loop.callSoon(cond::release);
    try {
      loop.runUntilComplete(waitTask);
    } catch (CancelledError allowed) {
      // CPython's test allows it too: the cancellation came while re-acquiring
    }
    assertTrue(cond.locked());
    assertEquals(new Lock.Statistics(true, 0), cond.statistics().lock());
  }

  @Coroutine
  static Coro<Boolean> markAndWait(Condition cond, boolean[] waited) {
    waited[0] = true;
    return done(await(cond.await()));
  }

  /**
   * test_locks.py ConditionTests.test_wait_cancel_after_notify (bpo-32841): cancelled after the
   * signal, while waiting for the lock: the task ends cancelled, the lock released by its block.
   */
  @Test
  void aWaiterCancelledAfterTheSignalEndsCancelled() {
    Condition cond = new Condition();
    boolean[] waited = {false};
    Task<Boolean> waiter = loop.createTask(cond.run(markAndWait(cond, waited)));
    runBriefly(loop); // start waiting

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    runBriefly(loop); // the waiter gets to acquire()
    waiter.cancel();
    runBriefly(loop); // the cancellation is delivered; it re-acquires again
    cond.release();
    runBriefly(loop); // it gets the lock, raises, its block releases

    assertTrue(waiter.cancelled());
    assertTrue(waited[0]);
    assertFalse(cond.locked());
  }

  /** test_locks.py ConditionTests.test_wait_unacquired. */
  @Test
  void waitingWithoutTheLockRaises() {
    Condition cond = new Condition();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(cond.await()));
    assertTrue(e.getMessage().startsWith("cannot wait on un-acquired lock"), e.getMessage());
  }

  @Coroutine
  static Coro<Boolean> waitForAndAppend(Condition cond, boolean[] ready, List<Integer> result) {
    await(cond.acquire());
    if (await(cond.waitFor(() -> ready[0]))) {
      result.add(1);
      cond.release();
    }
    return done(true);
  }

  /** test_locks.py ConditionTests.test_wait_for: a signal with a false predicate waits again. */
  @Test
  void waitForWaitsUntilThePredicateHoldsAfterASignal() {
    Condition cond = new Condition();
    boolean[] ready = {false};
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t = loop.createTask(waitForAndAppend(cond, ready, result));
    runBriefly(loop);
    assertEquals(List.of(), result);

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    cond.release();
    runBriefly(loop);
    assertEquals(List.of(), result, "woken, predicate false: waiting again");
    assertEquals(1, cond.statistics().waiting());

    ready[0] = true;
    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1), result);
    assertTrue(t.done() && t.result());
  }

  /**
   * test_locks.py ConditionTests.test_wait_for_unacquired: a predicate true at once needs no lock;
   * one that is false does.
   */
  @Test
  void waitForNeedsTheLockOnlyWhenItHasToWait() {
    Condition cond = new Condition();
    assertTrue(loop.runUntilComplete(cond.waitFor(() -> true)));
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> loop.runUntilComplete(cond.waitFor(() -> false)));
    assertTrue(e.getMessage().startsWith("cannot wait on un-acquired lock"), e.getMessage());
  }

  @Coroutine
  static Coro<Boolean> waitAppendRelease(Condition cond, List<Integer> result, int n) {
    await(cond.acquire());
    if (await(cond.await())) {
      result.add(n);
      cond.release();
    }
    return done(true);
  }

  /**
   * test_locks.py ConditionTests.test_notify: signal(n) wakes the n longest waiters not already
   * woken; more than are waiting wakes them all.
   */
  @Test
  void signalWakesTheLongestWaitersNotAlreadyWoken() {
    Condition cond = new Condition();
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = loop.createTask(waitAppendRelease(cond, result, 1));
    Task<Boolean> t2 = loop.createTask(waitAppendRelease(cond, result, 2));
    Task<Boolean> t3 = loop.createTask(waitAppendRelease(cond, result, 3));
    runBriefly(loop);
    assertEquals(List.of(), result);

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal(1);
    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1), result);

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal(1);
    cond.signal(2048);
    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2, 3), result);
    assertTrue(t1.result() && t2.result() && t3.result());
  }

  /** test_locks.py ConditionTests.test_notify_all. */
  @Test
  void signalAllWakesEveryWaiter() {
    Condition cond = new Condition();
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = loop.createTask(waitAppendRelease(cond, result, 1));
    Task<Boolean> t2 = loop.createTask(waitAppendRelease(cond, result, 2));
    runBriefly(loop);
    assertEquals(List.of(), result);

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signalAll();
    cond.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2), result);
    assertTrue(t1.result() && t2.result());
  }

  /** test_locks.py ConditionTests.test_notify_unacquired and test_notify_all_unacquired. */
  @Test
  void signallingWithoutTheLockRaises() {
    Condition cond = new Condition();
    IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
    assertTrue(e.getMessage().startsWith("cannot notify on un-acquired lock"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> cond.signal(3));
    e = assertThrows(IllegalStateException.class, cond::signalAll);
    assertTrue(e.getMessage().startsWith("cannot notify on un-acquired lock"), e.getMessage());
  }

  /** test_locks.py ConditionTests.test_repr. */
  @Test
  void reprShowsTheLockStateAndTheWaiters() {
    Condition cond = new Condition();
    String pattern = "<io\\.weft\\.sync\\.Condition object at 0x[0-9a-f]+ \\[%s\\]>";
    assertTrue(cond.toString().matches(String.format(pattern, "unlocked")), cond.toString());
    assertTrue(loop.runUntilComplete(cond.acquire()));
    assertTrue(cond.toString().matches(String.format(pattern, "locked")), cond.toString());
    Task<Boolean> w1 = loop.createTask(cond.await());
    runBriefly(loop);
    assertTrue(
        cond.toString().matches(String.format(pattern, "unlocked, waiters:1")), cond.toString());
    assertTrue(loop.runUntilComplete(cond.acquire()));
    Task<Boolean> w2 = loop.createTask(cond.await());
    runBriefly(loop);
    assertTrue(
        cond.toString().matches(String.format(pattern, "unlocked, waiters:2")), cond.toString());
    assertTrue(loop.runUntilComplete(cond.acquire()));
    assertTrue(cond.toString().matches(String.format(pattern, "locked, waiters:2")));
    cond.signalAll();
    cond.release();
    assertTrue(loop.runUntilComplete(w1));
    cond.release();
    assertTrue(loop.runUntilComplete(w2));
  }

  @Coroutine
  static Coro<String> lockedInside(Condition cond, Lock lock) {
    assertTrue(cond.locked());
    if (lock != null) {
      assertTrue(lock.locked());
    }
    await(sleep(0));
    return done("body");
  }

  @Coroutine
  static Coro<Void> contextManager() {
    Condition cond = new Condition();
    assertFalse(cond.locked());
    assertEquals("body", await(cond.run(lockedInside(cond, null))));
    assertFalse(cond.locked());
    return done();
  }

  /** test_locks.py ConditionTests.test_context_manager: {@code async with cond} is run(body). */
  @Test
  void runHoldsTheConditionsLockAroundTheBody() {
    runVirtual(contextManager());
  }

  @Coroutine
  static Coro<Void> explicit(Lock lock, Condition cond) {
    assertFalse(lock.locked());
    assertFalse(cond.locked());
    await(cond.run(lockedInside(cond, lock)));
    assertFalse(lock.locked());
    assertFalse(cond.locked());
    await(lock.run(lockedInside(cond, lock)));
    assertFalse(lock.locked());
    assertFalse(cond.locked());
    return done();
  }

  @Coroutine
  static Coro<Void> explicitLocks() {
    Lock lock = new Lock();
    await(explicit(lock, new Condition(lock)));
    Lock shared = new Lock();
    Condition a = new Condition(shared);
    Condition b = new Condition(shared);
    await(explicit(shared, a));
    await(explicit(shared, b));
    await(a.acquire());
    assertTrue(b.locked(), "both conditions share one lock");
    a.release();
    return done();
  }

  /** test_locks.py ConditionTests.test_explicit_lock: a condition over a given, shared lock. */
  @Test
  void aConditionUsesTheLockItIsGiven() {
    runVirtual(explicitLocks());
    assertThrows(NullPointerException.class, () -> new Condition(null));
  }

  /**
   * test_locks.py ConditionTests.test_ambiguous_loops (wrong_loop_in_lock): a condition's lock
   * bound to another loop refuses to make this loop's task wait for it.
   */
  @Test
  void aConditionWhoseLockIsBoundToAnotherLoopRefusesToWaitForIt() {
    Lock lock = new Lock();
    EventLoop other = Loops.virtual();
    try {
      assertTrue(other.runUntilComplete(lock.acquire()));
      Task<Boolean> bind = other.createTask(lock.acquire());
      Loops.runBriefly(other); // binds the lock to `other`
      lock.release();
      assertTrue(other.runUntilComplete(bind));
      lock.release();

      assertTrue(loop.runUntilComplete(lock.acquire()), "the fast path never looks at the loop");
      Condition cond = new Condition(lock);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(cond.acquire()));
      assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
      assertTrue(e.getMessage().startsWith("<io.weft.sync.Lock object"), e.getMessage());
      lock.release();
    } finally {
      other.close();
    }
  }

  /**
   * test_locks.py ConditionTests.test_ambiguous_loops (wrong_loop_in_cond): a condition bound to
   * another loop refuses to wait, and the lock stays held.
   */
  @Test
  void aConditionBoundToAnotherLoopRefusesToWaitAndKeepsTheLock() {
    Condition cond = new Condition();
    EventLoop other = Loops.virtual();
    try {
      assertTrue(other.runUntilComplete(cond.acquire()));
      Task<Boolean> bind = other.createTask(cond.await());
      Loops.runBriefly(other); // binds the condition to `other`
      assertTrue(other.runUntilComplete(cond.acquire()));
      cond.signal();
      cond.release();
      assertTrue(other.runUntilComplete(bind));
      cond.release();

      assertTrue(loop.runUntilComplete(cond.acquire()));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(cond.await()));
      assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
      assertTrue(e.getMessage().startsWith("<io.weft.sync.Condition object"), e.getMessage());
      assertTrue(cond.locked(), "refused before releasing the lock");
      cond.release();
    } finally {
      other.close();
    }
  }

  @Coroutine
  static Coro<String> waitWithTimeout(Condition condition) {
    try {
      await(waitFor(condition.await(), 0.5));
      return done("no timeout");
    } catch (TimeoutError e) {
      return done("TimeoutError, locked=" + condition.locked());
    }
  }

  @Coroutine
  static Coro<String> timeoutInBlock() {
    Condition condition = new Condition();
    String r = await(condition.run(waitWithTimeout(condition)));
    assertFalse(condition.locked());
    return done(r);
  }

  /**
   * test_locks.py ConditionTests.test_timeout_in_block: a wait cut short by waitFor's timeout
   * holds the lock again before the TimeoutError leaves it.
   */
  @Test
  void aTimedOutWaitHoldsTheLockAgain() {
    assertEquals("TimeoutError, locked=true", runVirtual(timeoutInBlock()));
  }

  @Coroutine
  static Coro<Void> catchAndReraise(Condition cond, boolean[] wake, CancelledError[] raised) {
    try {
      await(cond.waitFor(() -> wake[0]));
      fail("not cancelled");
    } catch (CancelledError e) {
      assertTrue(cond.locked(), "held again when the cancellation arrives");
      raised[0] = e;
      throw e;
    }
    return done();
  }

  /**
   * test_locks.py ConditionTests.test_cancelled_error_wakeup: cancelled while waiting for the
   * signal, the very CancelledError received is raised, after the lock is held again.
   */
  @Test
  void aCancellationWhileWaitingIsReRaisedUnchanged() {
    Condition cond = new Condition();
    boolean[] wake = {false};
    CancelledError[] raised = {null};
    Task<Void> task = loop.createTask(cond.run(catchAndReraise(cond, wake, raised)));
    runBriefly(loop);
    task.cancel("foo");
    CancelledError err =
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals("foo", err.getMessage());
    assertSame(raised[0], err, "the same instance");
    assertFalse(cond.locked());
  }

  /**
   * test_locks.py ConditionTests.test_cancelled_error_re_aquire: cancelled while taking the lock
   * back after the signal, the very CancelledError received is raised once the lock is held.
   */
  @Test
  void aCancellationWhileReAcquiringIsReRaisedUnchanged() {
    Condition cond = new Condition();
    boolean[] wake = {false};
    CancelledError[] raised = {null};
    Task<Void> task = loop.createTask(cond.run(catchAndReraise(cond, wake, raised)));
    runBriefly(loop);
    assertTrue(loop.runUntilComplete(cond.acquire()));
    wake[0] = true;
    cond.signal();
    runBriefly(loop); // the task now waits for the lock
    assertEquals(1, cond.statistics().lock().waiting());
    task.cancel("foo");
    cond.release();
    CancelledError err =
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals("foo", err.getMessage());
    assertSame(raised[0], err, "the same instance");
    assertFalse(cond.locked());
  }

  @Coroutine
  static Coro<Void> consume(Condition condition, int[] state) {
    while (true) {
      await(condition.waitFor(() -> state[0] != 0));
      if (state[0] < 0) {
        return done();
      }
      state[0]--;
    }
  }

  @Coroutine
  static Coro<Void> produceOne(
      Condition condition, int[] state, List<Task<Void>> consumers, boolean settleFirst) {
    state[0]++;
    condition.signal(1);
    if (settleFirst) {
      await(sleep(0)); // the woken consumer settles on re-acquiring the lock
    }
    consumers.get(0).cancel(); // from the outside, racing with the signal
    try {
      await(timeout(0.01).run(condition.waitFor(() -> state[0] == 0)));
    } catch (TimeoutError notSignalledBack) {
      // the consumer that took the item need not signal: the state is what matters
    }
    assertEquals(0, state[0], "the signal was not lost: the other consumer took the item");
    state[0] = -1;
    condition.signalAll();
    return done();
  }

  @Coroutine
  static Coro<Boolean> cancelledWakeup(boolean settleFirst) {
    Condition condition = new Condition();
    int[] state = {0};
    List<Task<Void>> consumers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      consumers.add(createTask(condition.run(consume(condition, state))));
    }
    await(sleep(0));
    await(condition.run(produceOne(condition, state, consumers, settleFirst)));
    await(consumers.get(1));
    return done(consumers.get(0).cancelled());
  }

  /**
   * test_locks.py ConditionTests.test_cancelled_wakeup (3.13): a consumer cancelled in the same
   * pass as it is signalled passes the signal to the other consumer.
   */
  @Test
  void aWaiterCancelledAsItIsSignalledPassesTheSignalOn() {
    assertTrue(runVirtual(cancelledWakeup(false)));
  }

  /**
   * test_locks.py ConditionTests.test_cancelled_wakeup_relock (3.13): the same, with the consumer
   * cancelled while it waits to take the lock back.
   */
  @Test
  void aWaiterCancelledWhileReAcquiringPassesTheSignalOn() {
    assertTrue(runVirtual(cancelledWakeup(true)));
  }

  @Coroutine
  static Coro<Boolean> appendInBlock(Condition cond, List<Integer> result, int n) {
    if (await(cond.await())) {
      result.add(n);
    }
    return done(true);
  }

  /**
   * The signal handed over, pass by pass: t1 is signalled and cancelled before it runs; when it
   * runs it takes the lock back, signals t2 in its place, raises, and its block releases the lock
   * for t2.
   */
  @Test
  void theSignalOfACancelledWaiterGoesToTheNextWaiterStepByStep() {
    Condition cond = new Condition();
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = loop.createTask(cond.run(appendInBlock(cond, result, 1)));
    Task<Boolean> t2 = loop.createTask(cond.run(appendInBlock(cond, result, 2)));
    Task<Boolean> t3 = loop.createTask(cond.run(appendInBlock(cond, result, 3)));
    runBriefly(loop);
    assertEquals(3, cond.statistics().waiting());

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signal();
    t1.cancel();
    cond.release();
    runBriefly(loop); // t1: CancelledError, lock back, signals t2, raises, releases
    assertTrue(t1.cancelled());
    assertFalse(cond.locked());
    assertEquals(2, cond.statistics().waiting(), "t2 (signalled) and t3");
    runBriefly(loop);
    assertEquals(List.of(2), result, "t2 got t1's signal");
    assertTrue(t2.done());
    assertFalse(t3.done(), "only one signal was given");
    assertEquals(1, cond.statistics().waiting());

    assertTrue(loop.runUntilComplete(cond.acquire()));
    cond.signalAll();
    cond.release();
    assertTrue(loop.runUntilComplete(t3));
    assertEquals(List.of(2, 3), result);
  }

  /**
   * Many waiters cancelled at once with a signalAll in the same pass: every waiter ends (the
   * cancelled ones raising), each holding the lock in turn, none left behind.
   */
  @Test
  void manyWaitersCancelledAsAllAreSignalledAllEndHoldingTheLockInTurn() {
    Condition cond = new Condition();
    List<Integer> result = new ArrayList<>();
    List<Task<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(loop.createTask(cond.run(appendInBlock(cond, result, i))));
    }
    runBriefly(loop);
    assertTrue(loop.runUntilComplete(cond.acquire()));
    tasks.get(1).cancel();
    cond.signalAll();
    tasks.get(3).cancel();
    tasks.get(4).cancel();
    cond.release();
    for (Task<Boolean> t : tasks) {
      try {
        loop.runUntilComplete(t);
      } catch (CancelledError expected) {
        // 1, 3 and 4
      }
    }
    assertEquals(List.of(0, 2, 5), result);
    assertTrue(tasks.get(1).cancelled() && tasks.get(3).cancelled() && tasks.get(4).cancelled());
    assertEquals(new Condition.Statistics(0, new Lock.Statistics(false, 0)), cond.statistics());
  }
}
