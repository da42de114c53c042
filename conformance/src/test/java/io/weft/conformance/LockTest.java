package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code asyncio.Lock}: CPython's test_locks.py LockTests, plus the cancellation races of {@code
 * Lock.acquire} driven pass by pass. Python's {@code await asyncio.sleep(0)} in the test's main
 * task is one {@code runBriefly(loop)} here. Every loop runs on virtual time; a lost wake-up
 * would hang, so each test has a time limit.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class LockTest extends VirtualLoopTest {
  static final List<String> log = new ArrayList<>();

  @BeforeEach
  void clearLog() {
    log.clear();
  }

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  // ------------------------------------------------------------------ repr, acquire, release

  /** test_locks.py LockTests.test_repr. */
  @Test
  void reprShowsTheStateAndTheWaitersAsPythonDoes() {
    Lock lock = new Lock();
    String pattern = "<io\\.weft\\.sync\\.Lock object at 0x[0-9a-f]+ \\[%s\\]>";
    assertTrue(lock.toString().matches(String.format(pattern, "unlocked")), lock.toString());
    assertTrue(loop.runUntilComplete(lock.acquire()));
    assertTrue(lock.toString().matches(String.format(pattern, "locked")), lock.toString());
    Task<Boolean> waiter = loop.createTask(lock.acquire());
    runBriefly(loop);
    assertTrue(
        lock.toString().matches(String.format(pattern, "locked, waiters:1")), lock.toString());
    assertTrue(waiter.toString().contains(" coro=<coroutine Lock.acquire() SUSPENDED>"),
        "a task's repr names the call it waits in: " + waiter);
    lock.release();
    assertTrue(loop.runUntilComplete(waiter));
    assertTrue(lock.toString().matches(String.format(pattern, "locked")), lock.toString());
  }

  @Coroutine
  static Coro<Boolean> appendWhenAcquired(Lock lock, List<Integer> result, int n) {
    if (await(lock.acquire())) {
      result.add(n);
    }
    return done(true);
  }

  /** test_locks.py LockTests.test_acquire: FIFO order, one waiter woken per release. */
  @Test
  void acquireWaitsAndReleaseWakesTheWaitersOneAtATimeInOrder() {
    Lock lock = new Lock();
    List<Integer> result = new ArrayList<>();
    assertTrue(loop.runUntilComplete(lock.acquire()));

    Task<Boolean> t1 = loop.createTask(appendWhenAcquired(lock, result, 1));
    Task<Boolean> t2 = loop.createTask(appendWhenAcquired(lock, result, 2));
    runBriefly(loop);
    assertEquals(List.of(), result);
    assertEquals(new Lock.Statistics(true, 2), lock.statistics());

    lock.release();
    runBriefly(loop);
    assertEquals(List.of(1), result);
    runBriefly(loop);
    assertEquals(List.of(1), result);

    // t3 starts in the pass in which t2 is woken: it must queue behind t2, not take the lock.
    Task<Boolean> t3 = loop.createTask(appendWhenAcquired(lock, result, 3));
    lock.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2), result);

    lock.release();
    runBriefly(loop);
    assertEquals(List.of(1, 2, 3), result);

    assertTrue(t1.done() && t1.result());
    assertTrue(t2.done() && t2.result());
    assertTrue(t3.done() && t3.result());
    assertTrue(lock.locked(), "t3 holds the lock");
  }

  @Coroutine
  static Coro<Void> holdBriefly(Lock lock, String name) {
    await(lock.acquire());
    try {
      log.add(name + " in");
      await(sleep(0.01));
      log.add(name + " out");
    } finally {
      lock.release();
    }
    return done();
  }

  @Coroutine
  static Coro<Void> fiveContenders(Lock lock) {
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(createTask(holdBriefly(lock, "t" + i)));
    }
    await(gather(tasks));
    return done();
  }

  /** test_locks.py LockTests.test_acquire (FIFO), with more contenders and a held section. */
  @Test
  void contendersHoldTheLockOneAfterAnotherInArrivalOrder() {
    Lock lock = new Lock();
    runVirtual(fiveContenders(lock));
    assertEquals(List.of("t0 in", "t0 out", "t1 in", "t1 out", "t2 in", "t2 out",
        "t3 in", "t3 out", "t4 in", "t4 out"), log);
    assertFalse(lock.locked());
  }

  /** test_locks.py LockTests.test_acquire_cancel. */
  @Test
  void aCancelledAcquireRaisesCancelledErrorAndLeavesNoWaiter() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Boolean> task = loop.createTask(lock.acquire());
    loop.callSoon(() -> task.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
    assertEquals(new Lock.Statistics(true, 0), lock.statistics());
  }

  @Coroutine
  static Coro<Void> lockit(Lock lock, Future<Void> blocker) {
    await(lock.acquire());
    try {
      if (blocker != null) {
        await(blocker);
      }
    } finally {
      lock.release();
    }
    return done();
  }

  /**
   * test_locks.py LockTests.test_cancel_race: A holds the lock, B and C wait; B is cancelled in
   * the same pass as A releases. The release must skip B's cancelled waiter, and B leaving must
   * hand the lock on to C.
   */
  @Test
  void aWaiterCancelledAsTheLockIsReleasedPassesTheLockOn() {
    Lock lock = new Lock();
    Future<Void> fa = loop.createFuture();
    Task<Void> ta = loop.createTask(lockit(lock, fa));
    runBriefly(loop);
    assertTrue(lock.locked());
    Task<Void> tb = loop.createTask(lockit(lock, null));
    runBriefly(loop);
    assertEquals(1, lock.statistics().waiting());
    Task<Void> tc = loop.createTask(lockit(lock, null));
    runBriefly(loop);
    assertEquals(2, lock.statistics().waiting());

    fa.setResult(null);
    tb.cancel();
    runBriefly(loop); // ta releases (B's waiter is cancelled: nobody woken); B leaves, wakes C
    assertFalse(lock.locked());
    assertTrue(ta.done());
    assertTrue(tb.cancelled());
    loop.runUntilComplete(tc);
    assertFalse(lock.locked());
  }

  static int lockCount;
  static int callCount;

  @Coroutine
  static Coro<Void> countingLockit(Lock lock) {
    callCount++;
    await(lock.acquire());
    lockCount++;
    return done();
  }

  /**
   * test_locks.py LockTests.test_cancel_release_race (bpo-32734): four holders, cancel the first
   * waiter and release in one callback: exactly one waiter may get the lock.
   */
  @Test
  void cancelAndReleaseInOneCallbackLetExactlyOneWaiterIn() {
    lockCount = 0;
    callCount = 0;
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Void> t1 = loop.createTask(countingLockit(lock));
    Task<Void> t2 = loop.createTask(countingLockit(lock));
    Task<Void> t3 = loop.createTask(countingLockit(lock));
    runBriefly(loop);

    loop.callSoon(() -> {
      t1.cancel();
      lock.release();
    });
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t1));
    runBriefly(loop); // t2, woken by t1 leaving, runs
    assertEquals(1, lockCount, "only one lock was taken");
    assertEquals(3, callCount);
    assertTrue(t1.cancelled() && t2.done());
    assertFalse(t3.done(), "t3 still waits: t2 holds the lock");

    t3.cancel();
    runBriefly(loop);
    assertTrue(t3.cancelled());
    assertEquals(1, lockCount);
  }

  /**
   * test_locks.py LockTests.test_finished_waiter_cancelled: the first waiter is cancelled just
   * before the release that would wake it; the second must get the lock.
   */
  @Test
  void theNextWaiterGetsTheLockWhenTheFirstIsCancelledBeforeTheRelease() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Boolean> tb = loop.createTask(lock.acquire());
    runBriefly(loop);
    assertEquals(1, lock.statistics().waiting());

    Task<Boolean> tc = loop.createTask(lock.acquire());
    tb.cancel();
    lock.release();
    runBriefly(loop);
    assertTrue(lock.locked(), "tc took the lock tb left");
    assertTrue(tb.cancelled());
    assertTrue(loop.runUntilComplete(tc));
  }

  /**
   * The race the other way round: a waiter is woken by the release and cancelled in the same
   * pass, before it runs. Its task still sees CancelledError (Python's _must_cancel), and the
   * wake-up it was given goes to the next waiter.
   */
  @Test
  void aWaiterCancelledAfterItWasWokenHandsTheWakeUpOn() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Boolean> tb = loop.createTask(lock.acquire());
    Task<Boolean> tc = loop.createTask(lock.acquire());
    runBriefly(loop);
    assertEquals(2, lock.statistics().waiting());

    lock.release(); // wakes tb
    assertFalse(lock.locked());
    tb.cancel(); // too late to cancel tb's waiter: the cancellation is raised when tb runs
    Task<Boolean> late = loop.createTask(lock.acquire());
    runBriefly(loop); // tb: CancelledError, wakes tc; late queues behind tc (tb was woken)
    assertTrue(tb.cancelled());
    assertFalse(lock.locked());
    assertFalse(tc.done());
    assertEquals(2, lock.statistics().waiting(), "tc (woken) and late");
    runBriefly(loop);
    assertTrue(tc.done() && tc.result(), "tc got the wake-up tb could not use");
    assertTrue(lock.locked());
    assertFalse(late.done());
    lock.release();
    assertTrue(loop.runUntilComplete(late));
  }

  /**
   * Many waiters cancelled at once, the lock released in the same pass: the first waiter still
   * interested gets it, exactly once, and later waiters keep their order.
   */
  @Test
  void manyWaitersCancelledAtOnceDoNotLoseTheLock() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    List<Task<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(loop.createTask(lock.acquire()));
    }
    runBriefly(loop);
    for (int i = 0; i < 10; i += 2) {
      tasks.get(i).cancel(); // 0, 2, 4, 6, 8
    }
    tasks.get(1).cancel(); // and 1
    lock.release();
    runBriefly(loop); // the cancelled leave; the first of them to run wakes task 3
    runBriefly(loop);
    for (int i : new int[] {0, 1, 2, 4, 6, 8}) {
      assertTrue(tasks.get(i).cancelled(), "task " + i);
    }
    assertTrue(tasks.get(3).done() && tasks.get(3).result());
    assertEquals(new Lock.Statistics(true, 3), lock.statistics(), "5, 7, 9 wait");
    for (int i : new int[] {5, 7, 9}) {
      assertFalse(tasks.get(i).done());
      lock.release();
      assertTrue(loop.runUntilComplete(tasks.get(i)), "task " + i + " next in order");
    }
    lock.release();
    assertEquals(new Lock.Statistics(false, 0), lock.statistics());
  }

  /**
   * Python's fast path: a free lock whose waiters are all cancelled is taken at once by a newcomer
   * (nobody is left to be fair to), and the cancelled waiters leave without waking anybody.
   */
  @Test
  void aFreeLockWithOnlyCancelledWaitersIsTakenAtOnce() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Boolean> tb = loop.createTask(lock.acquire());
    runBriefly(loop);
    tb.cancel();
    lock.release();
    assertEquals(new Lock.Statistics(false, 1), lock.statistics(), "tb not run yet");
    assertTrue(loop.runUntilComplete(lock.acquire()), "taken without waiting");
    assertTrue(lock.locked());
    runBriefly(loop);
    assertTrue(tb.cancelled());
    assertEquals(new Lock.Statistics(true, 0), lock.statistics());
  }

  /** test_locks.py LockTests.test_release_not_acquired. */
  @Test
  void releasingAnUnlockedLockRaises() {
    Lock lock = new Lock();
    IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
    assertTrue(e.getMessage().startsWith("Lock is not acquired"), e.getMessage());
  }

  /** test_locks.py LockTests.test_release_no_waiters. */
  @Test
  void releaseWithoutWaitersUnlocks() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    assertTrue(lock.locked());
    lock.release();
    assertFalse(lock.locked());
  }

  @Coroutine
  static Coro<Void> uncontended(Lock lock) {
    await(lock.acquire());
    assertTrue(lock.locked());
    lock.release();
    return done();
  }

  /** A free lock is taken without suspending: the task finishes in its first step. */
  @Test
  void anUncontendedAcquireDoesNotSuspend() {
    Lock lock = new Lock();
    Task<Void> t = loop.createTask(uncontended(lock));
    runBriefly(loop);
    assertTrue(t.done(), "finished in its first step");
    t.result();
    assertFalse(lock.locked());
  }

  // ------------------------------------------------------------------ async with

  @Coroutine
  static Coro<String> checkLocked(Lock lock) {
    assertTrue(lock.locked());
    await(sleep(0));
    return done("body ran");
  }

  @Coroutine
  static Coro<Void> contextManager(Lock lock) {
    assertFalse(lock.locked());
    assertEquals("body ran", await(lock.run(checkLocked(lock))));
    assertFalse(lock.locked());
    return done();
  }

  /** test_locks.py LockTests.test_context_manager: {@code async with lock} is {@code run(body)}. */
  @Test
  void runHoldsTheLockAroundTheBody() {
    runVirtual(contextManager(new Lock()));
  }

  @Coroutine
  static Coro<Void> raiseInside(Lock lock) {
    assertTrue(lock.locked());
    await(sleep(0));
    throw new ArithmeticException("boom");
  }

  @Coroutine
  static Coro<String> catchFromBlock(Lock lock) {
    try {
      await(lock.run(raiseInside(lock)));
      return done("no exception");
    } catch (ArithmeticException e) {
      return done(e.getMessage() + ", locked=" + lock.locked());
    }
  }

  /** {@code async with lock:} whose body raises: the lock is released, the error propagates. */
  @Test
  void runReleasesTheLockWhenTheBodyRaises() {
    Lock lock = new Lock();
    assertEquals("boom, locked=false", runVirtual(catchFromBlock(lock)));
  }

  @Coroutine
  static Coro<Void> holdForever(Lock lock, Future<Void> never) {
    log.add("body started");
    assertTrue(lock.locked());
    await(never);
    return done();
  }

  /** {@code async with lock:} whose task is cancelled inside the body: the lock is released. */
  @Test
  void runReleasesTheLockWhenTheTaskIsCancelledInsideTheBody() {
    Lock lock = new Lock();
    Future<Void> never = loop.createFuture();
    Task<Void> t = loop.createTask(lock.run(holdForever(lock, never)));
    Task<Boolean> next = loop.createTask(lock.acquire());
    runBriefly(loop);
    assertEquals(List.of("body started"), log);
    assertTrue(lock.locked());
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(never.cancelled());
    assertTrue(loop.runUntilComplete(next), "the release woke the next waiter");
  }

  /**
   * {@code async with lock:} cancelled while waiting for the lock: the body never runs (it is
   * closed) and nothing is released: the holder still holds the lock.
   */
  @Test
  void aCancelledAcquireInRunNeverRunsTheBodyAndReleasesNothing() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Future<Void> never = loop.createFuture();
    Coro<Void> body = holdForever(lock, never);
    Task<Void> t = loop.createTask(lock.run(body));
    runBriefly(loop);
    assertEquals(1, lock.statistics().waiting());
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of(), log, "the body never ran");
    assertEquals(io.weft.CoroutineState.CLOSED, body.state(), "the body was closed");
    assertEquals(new Lock.Statistics(true, 0), lock.statistics(), "still held by its owner");
  }

  @Coroutine
  static Coro<String> explicitForm(Lock lock, boolean fail) {
    await(lock.acquire());
    try {
      log.add("held=" + lock.locked());
      await(sleep(0));
      if (fail) {
        throw new IllegalArgumentException("ValueError");
      }
    } finally {
      lock.release();
    }
    return done("released=" + !lock.locked());
  }

  @Coroutine
  static Coro<String> explicitFormCatching(Lock lock) {
    try {
      return done(await(explicitForm(lock, true)));
    } catch (IllegalArgumentException e) {
      return done(e.getMessage() + " released=" + !lock.locked());
    }
  }

  /** Python's explicit {@code await lock.acquire(); try: ... finally: lock.release()}. */
  @Test
  void theExplicitTryFinallyFormWorksFromWovenCode() {
    Lock lock = new Lock();
    assertEquals("released=true", runVirtual(explicitForm(lock, false)));
    assertEquals("ValueError released=true", runVirtual(explicitFormCatching(lock)));
    assertEquals(List.of("held=true", "held=true"), log);
  }

  /** The explicit form with the task cancelled inside: the finally block releases the lock. */
  @Test
  void theExplicitFormReleasesWhenCancelledInside() {
    Lock lock = new Lock();
    Future<Void> never = loop.createFuture();
    Task<Void> t = loop.createTask(lockit(lock, never));
    runBriefly(loop);
    assertTrue(lock.locked());
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertFalse(lock.locked());
  }

  // ------------------------------------------------------------------ loop binding

  /**
   * test_locks.py ConditionTests.test_ambiguous_loops (the lock half): a lock that a task of one
   * loop waited on refuses to make a task of another loop wait, naming itself; the uncontended
   * path never looks at the loop, as in CPython.
   */
  @Test
  void aLockBoundToOneLoopRefusesToWaitOnAnother() {
    Lock lock = new Lock();
    assertTrue(loop.runUntilComplete(lock.acquire()));
    Task<Boolean> waiter = loop.createTask(lock.acquire());
    runBriefly(loop); // waiting binds the lock to this loop

    EventLoop other = Loops.virtual();
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> other.runUntilComplete(lock.acquire()));
      assertTrue(e.getMessage().endsWith(" is bound to a different event loop"), e.getMessage());
      assertTrue(e.getMessage().startsWith("<io.weft.sync.Lock object at "), e.getMessage());

      lock.release();
      assertTrue(loop.runUntilComplete(waiter));
      lock.release();
      assertTrue(other.runUntilComplete(lock.acquire()), "the fast path works on any loop");
      lock.release();
    } finally {
      other.close();
    }
  }
}
