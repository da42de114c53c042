package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.TaskGroup;
import io.weft.sync.BoundedSemaphore;
import io.weft.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code asyncio.Semaphore} and {@code BoundedSemaphore}: CPython's test_locks.py SemaphoreTests
 * (3.12+ wake-up rules), plus the permit-accounting races driven pass by pass. Python's {@code
 * sem._value} and {@code len(sem._waiters)} are {@code sem.statistics().value()} and {@code
 * waiting()}; {@code await asyncio.sleep(0)} in the test's main task is one {@code
 * runBriefly(loop)}. Every loop runs on virtual time; each test has a time limit.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SemaphoreTest extends VirtualLoopTest {
  static final List<String> log = new ArrayList<>();

  @BeforeEach
  void clearLog() {
    log.clear();
  }

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  /** test_locks.py SemaphoreTests.test_initial_value_zero. */
  @Test
  void aSemaphoreWithNoPermitIsLocked() {
    assertTrue(new Semaphore(0).locked());
  }

  /** test_locks.py SemaphoreTests.test_repr. */
  @Test
  void reprShowsTheValueOrLockedAndTheWaiters() {
    Semaphore sem = new Semaphore();
    String pattern = "<io\\.weft\\.sync\\.Semaphore object at 0x[0-9a-f]+ \\[%s\\]>";
    assertTrue(sem.toString().matches(String.format(pattern, "unlocked, value:1")), sem.toString());
    assertTrue(loop.runUntilComplete(sem.acquire()));
    assertTrue(sem.toString().matches(String.format(pattern, "locked")), sem.toString());
    Task<Boolean> w1 = loop.createTask(sem.acquire());
    runBriefly(loop);
    assertTrue(sem.toString().matches(String.format(pattern, "locked, waiters:1")), sem.toString());
    Task<Boolean> w2 = loop.createTask(sem.acquire());
    runBriefly(loop);
    assertTrue(sem.toString().matches(String.format(pattern, "locked, waiters:2")), sem.toString());
    sem.release();
    sem.release();
    assertTrue(loop.runUntilComplete(w1) && loop.runUntilComplete(w2));
    assertTrue(new BoundedSemaphore(2).toString()
        .matches("<io\\.weft\\.sync\\.BoundedSemaphore object at 0x[0-9a-f]+ "
            + "\\[unlocked, value:2\\]>"));
  }

  /** test_locks.py SemaphoreTests.test_semaphore. */
  @Test
  void aNewSemaphoreHasOnePermit() {
    Semaphore sem = new Semaphore();
    assertEquals(new Semaphore.Statistics(1, 0), sem.statistics());
    assertFalse(sem.locked());
  }

  /** test_locks.py SemaphoreTests.test_semaphore_value. */
  @Test
  void aNegativeValueIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertTrue(e.getMessage().startsWith("Semaphore initial value must be >= 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
  }

  @Coroutine
  static Coro<Boolean> acquireAppend(Semaphore sem, List<Integer> result, int n) {
    await(sem.acquire());
    result.add(n);
    return done(true);
  }

  /**
   * test_locks.py SemaphoreTests.test_acquire: release() reserves the permit for the woken
   * waiter at once (the value stays 0), so a task arriving in that pass queues behind.
   */
  @Test
  void releaseReservesThePermitForTheWaiterItWakes() {
    Semaphore sem = new Semaphore(3);
    List<Integer> result = new ArrayList<>();
    assertTrue(loop.runUntilComplete(sem.acquire()));
    assertTrue(loop.runUntilComplete(sem.acquire()));
    assertFalse(sem.locked());

    Task<Boolean> t1 = loop.createTask(acquireAppend(sem, result, 1));
    Task<Boolean> t2 = loop.createTask(acquireAppend(sem, result, 2));
    Task<Boolean> t3 = loop.createTask(acquireAppend(sem, result, 3));
    runBriefly(loop);
    assertEquals(List.of(1), result);
    assertTrue(sem.locked());
    assertEquals(new Semaphore.Statistics(0, 2), sem.statistics());

    Task<Boolean> t4 = loop.createTask(acquireAppend(sem, result, 4));
    sem.release();
    sem.release();
    assertEquals(0, sem.statistics().value(), "both permits reserved for t2 and t3");

    runBriefly(loop);
    assertEquals(List.of(1, 2, 3), result);
    assertTrue(sem.locked());
    assertEquals(new Semaphore.Statistics(0, 1), sem.statistics(), "t4 waits");
    assertTrue(t1.done() && t1.result());
    assertTrue(t2.done() && t3.done());
    assertFalse(t4.done());

    sem.release();
    assertTrue(loop.runUntilComplete(t4));
  }

  /** test_locks.py SemaphoreTests.test_acquire_cancel. */
  @Test
  void aCancelledAcquireRaisesAndLeavesNoWaiter() {
    Semaphore sem = new Semaphore();
    assertTrue(loop.runUntilComplete(sem.acquire()));
    Task<Boolean> acquire = loop.createTask(sem.acquire());
    loop.callSoon(() -> acquire.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(acquire));
    assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
  }

  /**
   * test_locks.py SemaphoreTests.test_acquire_cancel_before_awoken: waiters cancelled before the
   * release are skipped; the permit goes to the first one still waiting, and only to it.
   */
  @Test
  void waitersCancelledBeforeTheReleaseAreSkipped() {
    Semaphore sem = new Semaphore(0);
    Task<Boolean> t1 = loop.createTask(sem.acquire());
    Task<Boolean> t2 = loop.createTask(sem.acquire());
    Task<Boolean> t3 = loop.createTask(sem.acquire());
    Task<Boolean> t4 = loop.createTask(sem.acquire());
    runBriefly(loop);

    t1.cancel();
    t2.cancel();
    sem.release();
    runBriefly(loop);
    runBriefly(loop);
    assertTrue(t3.done());
    assertFalse(t4.done());
    assertTrue(t1.cancelled() && t2.cancelled());

    t3.cancel(); // already done: nothing happens
    t4.cancel();
    runBriefly(loop);
    assertTrue(t4.cancelled());
    assertEquals(new Semaphore.Statistics(0, 0), sem.statistics(), "t3 still holds the permit");
  }

  /** test_locks.py SemaphoreTests.test_acquire_hang. */
  @Test
  void aReleaseAfterTheFirstWaiterIsCancelledWakesTheSecond() {
    Semaphore sem = new Semaphore(0);
    Task<Boolean> t1 = loop.createTask(sem.acquire());
    Task<Boolean> t2 = loop.createTask(sem.acquire());
    runBriefly(loop);

    t1.cancel();
    sem.release();
    runBriefly(loop);
    runBriefly(loop);
    assertTrue(sem.locked());
    assertTrue(t2.done() && t2.result());
  }

  @Coroutine
  static Coro<Void> holdThenCancelOther(Semaphore sem, Task<?>[] other) {
    await(sem.run(sleep(0)));
    other[0].cancel();
    return done();
  }

  @Coroutine
  static Coro<Void> neverEnters(Semaphore sem) {
    await(sem.run(failInside()));
    return done();
  }

  @Coroutine
  static Coro<Void> failInside() {
    fail("the body of a cancelled acquire ran");
    return done();
  }

  @Coroutine
  static Coro<Boolean> acquireNoHang() {
    Semaphore sem = new Semaphore(1);
    Task<?>[] t2 = {null};
    Task<Void> t1 = createTask(holdThenCancelOther(sem, t2));
    t2[0] = createTask(neverEnters(sem));
    List<Object> r = await(gather(true, t1, t2[0]));
    assertNull(r.get(0));
    assertInstanceOf(CancelledError.class, r.get(1));
    return done(await(waitFor(sem.acquire(), 1.0)));
  }

  /**
   * test_locks.py SemaphoreTests.test_acquire_no_hang: t2 is woken by t1's release and cancelled
   * by t1 before it runs; its reserved permit must come back, or the next acquire hangs.
   */
  @Test
  void aWaiterCancelledAfterItWasWokenGivesThePermitBack() {
    assertTrue(runVirtual(acquireNoHang()));
  }

  /** test_locks.py SemaphoreTests.test_release_not_acquired. */
  @Test
  void aBoundedSemaphoreRefusesToBeReleasedTooOften() {
    BoundedSemaphore sem = new BoundedSemaphore();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
    assertTrue(e.getMessage().startsWith("BoundedSemaphore released too many times"),
        e.getMessage());

    BoundedSemaphore two = new BoundedSemaphore(2);
    assertTrue(loop.runUntilComplete(two.acquire()));
    two.release();
    assertThrows(IllegalArgumentException.class, two::release);
    assertEquals(new Semaphore.Statistics(2, 0), two.statistics());
  }

  /**
   * BoundedSemaphore with a waiter: the release that wakes it hands the permit over (it is not
   * free, so it is not an excess release), and the bound applies again once the waiter released.
   */
  @Test
  void aBoundedSemaphoreHandsThePermitToItsWaiter() {
    BoundedSemaphore sem = new BoundedSemaphore(1);
    assertTrue(loop.runUntilComplete(sem.acquire()));
    Task<Boolean> waiter = loop.createTask(sem.acquire());
    runBriefly(loop);
    sem.release(); // wakes the waiter, reserving the permit for it
    assertEquals(new Semaphore.Statistics(0, 1), sem.statistics());
    assertTrue(loop.runUntilComplete(waiter));
    sem.release();
    assertThrows(IllegalArgumentException.class, sem::release);
    assertEquals(new Semaphore.Statistics(1, 0), sem.statistics());
  }

  /** test_locks.py SemaphoreTests.test_release_no_waiters. */
  @Test
  void releaseWithoutWaitersUnlocks() {
    Semaphore sem = new Semaphore();
    assertTrue(loop.runUntilComplete(sem.acquire()));
    assertTrue(sem.locked());
    sem.release();
    assertFalse(sem.locked());
  }

  @Coroutine
  static Coro<Void> twiceWithSleeps(Semaphore sem, String tag) {
    await(sem.acquire());
    log.add(tag + "_1");
    await(sleep(0.01));
    sem.release();

    await(sem.acquire());
    log.add(tag + "_2");
    await(sleep(0.01));
    sem.release();
    return done();
  }

  @Coroutine
  static Coro<Void> threeTasks(TaskGroup tg, Semaphore sem) {
    tg.createTask(twiceWithSleeps(sem, "c1"));
    tg.createTask(twiceWithSleeps(sem, "c2"));
    tg.createTask(twiceWithSleeps(sem, "c3"));
    return done();
  }

  @Coroutine
  static Coro<Void> fifoOrder() {
    Semaphore sem = new Semaphore(1);
    await(TaskGroup.run(tg -> threeTasks(tg, sem)));
    return done();
  }

  /** test_locks.py SemaphoreTests.test_acquire_fifo_order. */
  @Test
  void permitsAreGrantedInArrivalOrder() {
    runVirtual(fifoOrder());
    assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), log);
  }

  @Coroutine
  static Coro<Boolean> releaseAndReacquire(Semaphore sem, List<Integer> result) {
    await(sem.acquire());
    result.add(2);
    sem.release();
    await(sem.acquire());
    result.add(4);
    return done(true);
  }

  @Coroutine
  static Coro<List<Integer>> fifoOrder2() {
    Semaphore sem = new Semaphore(1);
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = createTask(acquireAppend(sem, result, 1));
    Task<Boolean> t2 = createTask(releaseAndReacquire(sem, result));
    Task<Boolean> t3 = createTask(acquireAppend(sem, result, 3));
    await(sleep(0));
    sem.release();
    sem.release();
    await(gather(t1, t2, t3));
    return done(result);
  }

  /**
   * test_locks.py SemaphoreTests.test_acquire_fifo_order_2: a task that releases and re-acquires
   * queues behind the waiter its release woke.
   */
  @Test
  void aTaskReAcquiringQueuesBehindTheWaiterItWoke() {
    assertEquals(List.of(1, 2, 3, 4), runVirtual(fifoOrder2()));
  }

  @Coroutine
  static Coro<List<Integer>> fifoOrder3() {
    Semaphore sem = new Semaphore(0);
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = createTask(acquireAppend(sem, result, 1));
    Task<Boolean> t2 = createTask(acquireAppend(sem, result, 2));
    Task<Boolean> t3 = createTask(acquireAppend(sem, result, 3));
    await(sleep(0));
    t1.cancel();
    await(sleep(0));
    sem.release();
    sem.release();
    await(gather(true, t1, t2, t3));
    return done(result);
  }

  /** test_locks.py SemaphoreTests.test_acquire_fifo_order_3. */
  @Test
  void aCancelledWaiterDoesNotTakeAPermit() {
    assertEquals(List.of(2, 3), runVirtual(fifoOrder3()));
  }

  static Task<Boolean> t4;

  @Coroutine
  static Coro<Boolean> firstWaiter(Semaphore sem, List<Integer> result) {
    assertEquals(0, sem.statistics().value());
    await(sem.acquire());
    assertEquals(0, sem.statistics().value(), "all the waiters were woken");
    t4 = createTask(appendOnly(result, 4)); // runs after c3, not c2
    result.add(1);
    return done(true);
  }

  @Coroutine
  static Coro<Boolean> releaseThrice(Semaphore sem, List<Integer> result) {
    sem.release();
    sem.release();
    sem.release();
    assertEquals(2, sem.statistics().value());
    assertTrue(sem.locked(), "c1 has not run yet: FIFO");
    await(sem.acquire());
    result.add(2);
    return done(true);
  }

  @Coroutine
  static Coro<Boolean> thirdWaiter(Semaphore sem, List<Integer> result) {
    await(sem.acquire());
    assertTrue(sem.locked());
    result.add(3);
    return done(true);
  }

  @Coroutine
  static Coro<Boolean> appendOnly(List<Integer> result, int n) {
    result.add(n);
    return done(true);
  }

  @Coroutine
  static Coro<List<Integer>> fifoOrder4() {
    t4 = null;
    Semaphore sem = new Semaphore(0);
    List<Integer> result = new ArrayList<>();
    Task<Boolean> t1 = createTask(firstWaiter(sem, result));
    Task<Boolean> t2 = createTask(releaseThrice(sem, result));
    Task<Boolean> t3 = createTask(thirdWaiter(sem, result));
    await(sleep(0));
    assertEquals(new Semaphore.Statistics(2, 3), sem.statistics(), "c1 woken, not run yet");
    await(sleep(0));
    await(gather(t1, t2, t3, t4));
    return done(result);
  }

  /**
   * test_locks.py SemaphoreTests.test_acquire_fifo_order_4: a successful acquire wakes every
   * waiter that queued behind it because of FIFO while permits were free.
   */
  @Test
  void aSuccessfulAcquireWakesTheWaitersQueuedBehindItForFairness() {
    assertEquals(List.of(1, 2, 3, 4), runVirtual(fifoOrder4()));
  }

  // ------------------------------------------------------------------ races, pass by pass

  /**
   * A waiter woken by release() and cancelled in the same pass, before it runs: it raises
   * CancelledError, gives its reserved permit back and wakes the next waiter with it.
   */
  @Test
  void aWaiterCancelledAsItIsWokenPassesItsPermitOn() {
    Semaphore sem = new Semaphore(0);
    Task<Boolean> t1 = loop.createTask(sem.acquire());
    Task<Boolean> t2 = loop.createTask(sem.acquire());
    runBriefly(loop);

    sem.release(); // reserves the permit for t1
    t1.cancel(); // too late for its waiter: raised when t1 runs
    assertEquals(new Semaphore.Statistics(0, 2), sem.statistics());
    runBriefly(loop); // t1: gives the permit back, wakes t2 with it
    assertTrue(t1.cancelled());
    assertEquals(new Semaphore.Statistics(0, 1), sem.statistics(), "reserved again, for t2");
    runBriefly(loop);
    assertTrue(t2.done() && t2.result());
    assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
  }

  /**
   * Releases racing with many cancellations: of eight waiters, three permits released, and four
   * waiters cancelled around the releases (woken ones and queued ones). Exactly three tasks end
   * holding a permit, the first three not cancelled, and no permit is left over or missing.
   */
  @Test
  void releasesRacingWithManyCancellationsNeitherLoseNorDuplicateAPermit() {
    Semaphore sem = new Semaphore(0);
    List<Task<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(loop.createTask(sem.acquire()));
    }
    runBriefly(loop);
    tasks.get(1).cancel(); // cancelled while queued
    sem.release(); // reserves for 0
    sem.release(); // reserves for 2 (1 is cancelled)
    tasks.get(0).cancel(); // woken, then cancelled
    tasks.get(3).cancel(); // queued, cancelled
    sem.release(); // reserves for 4
    tasks.get(4).cancel(); // woken, then cancelled
    for (int i = 0; i < 4; i++) {
      runBriefly(loop);
    }
    List<Integer> holders = new ArrayList<>();
    List<Integer> cancelled = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Task<Boolean> t = tasks.get(i);
      if (t.cancelled()) {
        cancelled.add(i);
      } else if (t.done()) {
        holders.add(i);
      }
    }
    assertEquals(List.of(0, 1, 3, 4), cancelled);
    assertEquals(List.of(2, 5, 6), holders, "three permits, three holders, in order");
    assertEquals(new Semaphore.Statistics(0, 1), sem.statistics(), "7 still waits");
    sem.release();
    assertTrue(loop.runUntilComplete(tasks.get(7)));
  }

  // ------------------------------------------------------------------ async with

  @Coroutine
  static Coro<String> body(Semaphore sem, boolean fail) {
    assertTrue(sem.locked());
    await(sleep(0));
    if (fail) {
      throw new IllegalStateException("RuntimeError");
    }
    return done("ok");
  }

  @Coroutine
  static Coro<String> contextManager() {
    Semaphore sem = new Semaphore();
    String r = await(sem.run(body(sem, false)));
    assertFalse(sem.locked());
    try {
      await(sem.run(body(sem, true)));
    } catch (IllegalStateException e) {
      r += ", " + e.getMessage();
    }
    assertFalse(sem.locked(), "released when the body raised");
    await(sem.acquire());
    try {
      r += ", explicit";
    } finally {
      sem.release();
    }
    assertEquals(new Semaphore.Statistics(1, 0), sem.statistics());
    return done(r);
  }

  /**
   * {@code async with sem:} as run(body), and the explicit try/finally form: the permit is
   * returned whether the body returns or raises.
   */
  @Test
  void runHoldsAPermitAroundTheBody() {
    assertEquals("ok, RuntimeError, explicit", runVirtual(contextManager()));
  }

  @Coroutine
  static Coro<Void> holdForever(Semaphore sem, Future<Void> never) {
    log.add("body started");
    await(never);
    return done();
  }

  /** {@code async with sem:} cancelled inside the body returns its permit to the next waiter. */
  @Test
  void runReturnsThePermitWhenTheTaskIsCancelledInsideTheBody() {
    Semaphore sem = new Semaphore(1);
    Task<Void> t = loop.createTask(sem.run(holdForever(sem, loop.createFuture())));
    Task<Boolean> next = loop.createTask(sem.acquire());
    runBriefly(loop);
    assertEquals(new Semaphore.Statistics(0, 1), sem.statistics());
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(loop.runUntilComplete(next));
  }

  /**
   * {@code async with sem:} cancelled while waiting for a permit: the body never runs (it is
   * closed) and no permit is released.
   */
  @Test
  void aCancelledAcquireInRunNeverRunsTheBodyAndReleasesNothing() {
    Semaphore sem = new Semaphore(0);
    Coro<Void> body = holdForever(sem, loop.createFuture());
    Task<Void> t = loop.createTask(sem.run(body));
    runBriefly(loop);
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of(), log);
    assertEquals(CoroutineState.CLOSED, body.state());
    assertEquals(new Semaphore.Statistics(0, 0), sem.statistics(), "nothing released");
  }

  /** The loop binding (CPython's _LoopBoundMixin) for semaphores. */
  @Test
  void aSemaphoreBoundToOneLoopRefusesToWaitOnAnother() {
    Semaphore sem = new Semaphore(0);
    Task<Boolean> waiter = loop.createTask(sem.acquire());
    runBriefly(loop);
    EventLoop other = Loops.virtual();
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> other.runUntilComplete(sem.acquire()));
      assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
      assertTrue(e.getMessage().startsWith("<io.weft.sync.Semaphore object"), e.getMessage());
    } finally {
      other.close();
    }
    sem.release();
    assertTrue(loop.runUntilComplete(waiter));
  }
}
