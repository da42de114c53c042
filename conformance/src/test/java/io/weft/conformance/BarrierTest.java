package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.sync.Barrier;
import io.weft.sync.BrokenBarrierError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code asyncio.Barrier} (3.11): CPython's test_locks.py BarrierTests. Python's {@code
 * barrier.wait()} is {@code barrier.await()}, and {@code async with barrier as i:} (which has
 * nothing to release) is {@code int i = await(barrier.await());}; {@code barrier._count} (tasks
 * inside) is counted by the tests themselves. Every loop runs on virtual time; each test has a
 * time limit.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class BarrierTest {
  static final int N = 5;

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  /** CPython's {@code gather_tasks}: n tasks of {@code coro}, gathered. */
  @Coroutine
  static <T> Coro<List<T>> gatherTasks(int n, Supplier<Coro<T>> coro) {
    List<Task<T>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(createTask(coro.get()));
    }
    return done(await(gather(tasks)));
  }

  static String state(Barrier barrier) {
    String repr = barrier.toString();
    assertTrue(repr.matches("<io\\.weft\\.sync\\.Barrier object at 0x[0-9a-f]+ "
        + "\\[(filling|draining|resetting)(, waiters:\\d+/\\d+)\\]>|.*\\[broken\\]>"), repr);
    return repr.substring(repr.indexOf('[') + 1, repr.length() - 2);
  }

  /** test_locks.py BarrierTests.test_barrier. */
  @Test
  void aNewBarrierIsFilling() {
    assertEquals("filling, waiters:0/5", state(new Barrier(N)));
  }

  @Coroutine
  static Coro<Void> reprSequence() {
    Barrier barrier = new Barrier(N);
    List<Task<Integer>> waiters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiters.add(createTask(barrier.await()));
    }
    await(sleep(0));
    assertEquals("filling, waiters:2/5", state(barrier));

    int missing = barrier.parties() - barrier.nWaiting();
    for (int i = 0; i < missing; i++) {
      waiters.add(createTask(barrier.await()));
    }
    await(sleep(0));
    assertEquals("draining, waiters:0/5", state(barrier));

    for (int i = 0; i < 2; i++) {
      waiters.add(createTask(barrier.await()));
    }
    await(sleep(0));
    await(barrier.reset());
    assertEquals("resetting, waiters:0/5", state(barrier));

    for (int i = 0; i < 2; i++) {
      waiters.add(createTask(barrier.await()));
    }
    await(sleep(0));
    await(barrier.abort());
    assertEquals("broken", state(barrier));
    assertTrue(barrier.broken());
    await(gather(true, waiters.toArray(new Task<?>[0])));
    return done();
  }

  /** test_locks.py BarrierTests.test_repr: filling, draining, resetting, broken. */
  @Test
  void reprShowsTheStateAndTheWaiters() {
    runVirtual(reprSequence());
  }

  /** test_locks.py BarrierTests.test_barrier_parties. */
  @Test
  void fewerThanOnePartyIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    assertTrue(e.getMessage().startsWith("parties must be >= 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
    assertEquals(N, new Barrier(N).parties());
  }

  @Coroutine
  static Coro<Integer> arrive(Barrier barrier, List<Integer> results) {
    int i = await(barrier.await());
    results.add(i);
    return done(i);
  }

  @Coroutine
  static Coro<Void> threeArrive(Barrier barrier, List<Integer> results) {
    await(gatherTasks(3, () -> arrive(barrier, results)));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_context_manager: every task gets its own index, 0 to
   * parties - 1.
   */
  @Test
  void eachReleasedTaskGetsItsOwnArrivalIndex() {
    Barrier barrier = new Barrier(3);
    List<Integer> results = new ArrayList<>();
    runVirtual(threeArrive(barrier, results));
    Collections.sort(results);
    assertEquals(List.of(0, 1, 2), results);
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Integer> alone(Barrier barrier) {
    return done(await(barrier.await()));
  }

  /** test_locks.py BarrierTests.test_filling_one_task: a barrier of one never waits. */
  @Test
  void aBarrierOfOnePartyReleasesAtOnce() {
    Barrier barrier = new Barrier(1);
    assertEquals(0, runVirtual(alone(barrier)));
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> oneTaskTwice() {
    Barrier barrier = new Barrier(1);
    Task<Integer> t1 = createTask(barrier.await());
    await(sleep(0));
    assertEquals(0, barrier.nWaiting());
    Task<Integer> t2 = createTask(barrier.await());
    await(sleep(0));
    assertEquals(t1.result(), t2.result());
    assertEquals(t1.done(), t2.done());
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
    return done();
  }

  /** test_locks.py BarrierTests.test_filling_one_task_twice. */
  @Test
  void aBarrierOfOnePartyCanBePassedAgain() {
    runVirtual(oneTaskTwice());
  }

  @Coroutine
  static Coro<Void> taskByTask() {
    Barrier barrier = new Barrier(3);
    Task<Integer> t1 = createTask(barrier.await());
    await(sleep(0));
    assertEquals(1, barrier.nWaiting());
    assertTrue(state(barrier).startsWith("filling"));
    Task<Integer> t2 = createTask(barrier.await());
    await(sleep(0));
    assertEquals(2, barrier.nWaiting());
    assertTrue(state(barrier).startsWith("filling"));
    Task<Integer> t3 = createTask(barrier.await());
    await(sleep(0));
    await(io.weft.Asyncio.wait(List.of(t1, t2, t3)));
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
    return done();
  }

  /** test_locks.py BarrierTests.test_filling_task_by_task. */
  @Test
  void nWaitingCountsTheArrivedTasks() {
    runVirtual(taskByTask());
  }

  @Coroutine
  static Coro<Void> passTwice(Barrier barrier, List<Boolean> results) {
    await(barrier.await());
    results.add(true);
    await(barrier.await());
    results.add(false);
    return done();
  }

  @Coroutine
  static Coro<Void> allPassTwice(Barrier barrier, List<Boolean> results) {
    await(gatherTasks(N, () -> passTwice(barrier, results)));
    return done();
  }

  /** test_locks.py BarrierTests.test_filling_tasks_wait_twice: the barrier is reusable. */
  @Test
  void theBarrierCanBePassedTwice() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results = new ArrayList<>();
    runVirtual(allPassTwice(barrier, results));
    assertEquals(2 * N, results.size());
    assertEquals(N, Collections.frequency(results, true));
    assertEquals(N, Collections.frequency(results, false));
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Integer> passTwiceReturningIndex(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    await(barrier.await());
    results1.add(true);
    int i = await(barrier.await());
    results2.add(true);
    return done(i);
  }

  @Coroutine
  static Coro<List<Integer>> allPassTwiceReturningIndex(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    return done(await(
        gatherTasks(N, () -> passTwiceReturningIndex(barrier, results1, results2))));
  }

  /** test_locks.py BarrierTests.test_filling_tasks_check_return_value. */
  @Test
  void theSecondPassingGivesEveryIndexAgain() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    List<Integer> res =
        new ArrayList<>(runVirtual(allPassTwiceReturningIndex(barrier, results1, results2)));
    assertEquals(Collections.nCopies(N, true), results1);
    assertEquals(Collections.nCopies(N, true), results2);
    Collections.sort(res);
    assertEquals(IntStream.range(0, N).boxed().collect(Collectors.toList()), res);
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> seeDraining(Barrier barrier, List<Boolean> results) {
    await(barrier.await());
    results.add(state(barrier).startsWith("draining"));
    return done();
  }

  @Coroutine
  static Coro<Void> allSeeDraining(Barrier barrier, List<Boolean> results) {
    await(gatherTasks(N, () -> seeDraining(barrier, results)));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_draining_state: the barrier drains until the last released
   * task has left, which puts it back to filling.
   */
  @Test
  void theBarrierDrainsUntilTheLastReleasedTaskLeaves() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results = new ArrayList<>();
    runVirtual(allSeeDraining(barrier, results));
    assertEquals(List.of(true, true, true, true, false), results);
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> rewaitOrPassAnother(Barrier barrier, Barrier barrierNoWaiting, int[] rewait) {
    await(barrier.await());
    if (rewait[0] > 0) {
      rewait[0]--;
      await(barrier.await()); // waits again, blocked until the barrier has drained
    } else {
      await(barrierNoWaiting.await());
      await(barrier.await());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> blockingWhileDraining() {
    int rewait = 2;
    Barrier barrier = new Barrier(N);
    Barrier barrierNoWaiting = new Barrier(N - rewait);
    int[] rewaitN = {rewait};
    await(gatherTasks(N, () -> rewaitOrPassAnother(barrier, barrierNoWaiting, rewaitN)));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_blocking_tasks_while_draining: tasks arriving while the
   * barrier drains wait for the next round instead of joining the one being released.
   */
  @Test
  void tasksArrivingWhileDrainingWaitForTheNextRound() {
    runVirtual(blockingWhileDraining());
  }

  @Coroutine
  static Coro<Void> waitThenRecord(Barrier barrier, List<Boolean> results) {
    await(barrier.await());
    results.add(true);
    return done();
  }

  @Coroutine
  static Coro<Void> cancelOne(Barrier barrier, List<Boolean> results) {
    Task<Void> t1 = createTask(waitThenRecord(barrier, results));
    await(sleep(0));
    assertEquals(1, barrier.nWaiting());
    Task<Void> t2 = createTask(waitThenRecord(barrier, results));
    await(sleep(0));
    assertEquals(2, barrier.nWaiting());

    t1.cancel();
    await(sleep(0));
    assertEquals(1, barrier.nWaiting(), "a cancelled task no longer counts as arrived");
    assertThrows(CancelledError.class, t1::result);
    assertTrue(t1.cancelled());

    Task<Void> t3 = createTask(waitThenRecord(barrier, results));
    await(sleep(0));
    assertEquals(2, barrier.nWaiting());
    Task<Void> t4 = createTask(waitThenRecord(barrier, results));
    await(gather(t2, t3, t4));
    return done();
  }

  /** test_locks.py BarrierTests.test_filling_tasks_cancel_one. */
  @Test
  void aCancelledTaskLeavesTheBarrier() {
    Barrier barrier = new Barrier(3);
    List<Boolean> results = new ArrayList<>();
    runVirtual(cancelOne(barrier, results));
    assertEquals(List.of(true, true, true), results);
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> resetEmpty(Barrier barrier) {
    createTask(barrier.reset());
    await(sleep(0));
    return done();
  }

  /** test_locks.py BarrierTests.test_reset_barrier. */
  @Test
  void resettingAnEmptyBarrierLeavesItFilling() {
    Barrier barrier = new Barrier(1);
    runVirtual(resetEmpty(barrier));
    assertEquals(0, barrier.nWaiting());
    assertFalse(barrier.broken());
    assertEquals("filling, waiters:0/1", state(barrier));
  }

  @Coroutine
  static Coro<Void> catchBroken(Barrier barrier, List<Boolean> results) {
    try {
      await(barrier.await());
    } catch (BrokenBarrierError e) {
      results.add(true);
    }
    return done();
  }

  @Coroutine
  static Coro<Void> resetWhileWaiting(Barrier barrier, List<Boolean> results) {
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < N - 1; i++) {
      tasks.add(createTask(catchBroken(barrier, results)));
    }
    await(sleep(0));
    createTask(barrier.reset());
    await(gather(tasks));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting: the waiting tasks get
   * BrokenBarrierError and the barrier is filling again once they have left.
   */
  @Test
  void resetBreaksTheWaitingTasks() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results = new ArrayList<>();
    runVirtual(resetWhileWaiting(barrier, results));
    assertEquals(Collections.nCopies(N - 1, true), results);
    assertEquals(0, barrier.nWaiting());
    assertFalse(state(barrier).startsWith("resetting"));
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> resetWhenHalfDrained(
      Barrier barrier, int rest, int[] exited, List<Boolean> results1) {
    try {
      await(barrier.await());
    } catch (BrokenBarrierError e) {
      results1.add(true); // still draining when the barrier was reset
      return done();
    }
    exited[0]++;
    if (rest == barrier.parties() - exited[0]) { // Python: rest_of_tasks == barrier._count
      await(barrier.reset());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> halfDraining(Barrier barrier, int rest, List<Boolean> results1) {
    int[] exited = {0};
    await(gatherTasks(N, () -> resetWhenHalfDrained(barrier, rest, exited, results1)));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining: tasks still
   * draining when the barrier is reset get BrokenBarrierError.
   */
  @Test
  void resetWhileDrainingBreaksTheTasksNotYetOut() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    int rest = N / 2;
    runVirtual(halfDraining(barrier, rest, results1));
    assertEquals(Collections.nCopies(rest, true), results1);
    assertEquals(0, barrier.nWaiting());
    assertFalse(state(barrier).startsWith("resetting"));
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> halfDrainingHalfBlocking(Barrier barrier, int blocking, int[] count,
      List<Boolean> results1, List<Boolean> results2) {
    try {
      await(barrier.await());
    } catch (BrokenBarrierError e) {
      results1.add(true); // still draining at the reset
      await(barrier.await()); // and now waits for the next round
      return done();
    }
    count[0]++;
    if (count[0] > blocking) {
      await(barrier.reset()); // BrokenBarrierError for the tasks still draining
      await(barrier.await());
    } else {
      try {
        await(barrier.await()); // arrived while draining: blocked, then the next round
      } catch (BrokenBarrierError e) {
        results2.add(true); // must not happen: blocked tasks are not inside at the reset
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> halfDrainingHalfBlockingMain(
      Barrier barrier, int blocking, List<Boolean> results1, List<Boolean> results2) {
    int[] count = {0};
    await(gatherTasks(
        N, () -> halfDrainingHalfBlocking(barrier, blocking, count, results1, results2)));
    return done();
  }

  /** test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking. */
  @Test
  void resetWhileHalfDrainedAndHalfBlockedLetsEveryTaskPassTheNextRound() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    int blocking = N / 2;
    runVirtual(halfDrainingHalfBlockingMain(barrier, blocking, results1, results2));
    assertEquals(Collections.nCopies(blocking, true), results1);
    assertEquals(List.of(), results2);
    assertEquals(0, barrier.nWaiting());
    assertFalse(state(barrier).startsWith("resetting"));
    assertFalse(barrier.broken());
  }

  @Coroutine
  static Coro<Void> brokenThenAgain(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    try {
      await(barrier.await());
    } catch (BrokenBarrierError e) {
      results1.add(true);
    } finally {
      await(barrier.await());
      results2.add(true);
    }
    return done();
  }

  @Coroutine
  static Coro<Void> passOnce(Barrier barrier, List<Boolean> results2) {
    await(barrier.await());
    results2.add(true);
    return done();
  }

  @Coroutine
  static Coro<Void> resetWaitingAndWaitingAgain(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < N - 1; i++) {
      tasks.add(createTask(brokenThenAgain(barrier, results1, results2)));
    }
    createTask(barrier.reset());
    await(sleep(0));
    createTask(passOnce(barrier, results2)); // completes the round the broken tasks wait in
    await(gather(tasks));
    return done();
  }

  /** test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again. */
  @Test
  void tasksBrokenByAResetCanWaitAgain() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    runVirtual(resetWaitingAndWaitingAgain(barrier, results1, results2));
    assertFalse(barrier.broken());
    assertEquals(Collections.nCopies(N - 1, true), results1);
    assertEquals(Collections.nCopies(N, true), results2);
    assertEquals(0, barrier.nWaiting());
  }

  @Coroutine
  static Coro<Void> resetByTheLastOut(Barrier barrier, int[] count, List<Boolean> results1,
      List<Boolean> results2, List<Boolean> results3) {
    await(barrier.await());
    count[0]++;
    if (count[0] == N) {
      await(barrier.reset()); // the last task out: nobody inside, so the barrier just refills
      await(barrier.await());
    } else {
      try {
        await(barrier.await());
        results1.add(true);
      } catch (RuntimeException e) {
        results2.add(true); // must not happen
      }
    }
    await(barrier.await());
    results3.add(true);
    return done();
  }

  @Coroutine
  static Coro<Void> resetWhileDraining(Barrier barrier, List<Boolean> results1,
      List<Boolean> results2, List<Boolean> results3) {
    int[] count = {0};
    await(gatherTasks(
        N, () -> resetByTheLastOut(barrier, count, results1, results2, results3)));
    return done();
  }

  /** test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining. */
  @Test
  void aResetByTheLastTaskOutBreaksNobody() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    List<Boolean> results3 = new ArrayList<>();
    runVirtual(resetWhileDraining(barrier, results1, results2, results3));
    assertFalse(barrier.broken());
    assertEquals(Collections.nCopies(N - 1, true), results1);
    assertEquals(List.of(), results2);
    assertEquals(Collections.nCopies(N, true), results3);
    assertEquals(0, barrier.nWaiting());
  }

  @Coroutine
  static Coro<Void> abortEmpty(Barrier barrier) {
    createTask(barrier.abort());
    await(sleep(0));
    return done();
  }

  /** test_locks.py BarrierTests.test_abort_barrier. */
  @Test
  void abortBreaksTheBarrier() {
    Barrier barrier = new Barrier(1);
    runVirtual(abortEmpty(barrier));
    assertEquals(0, barrier.nWaiting());
    assertTrue(barrier.broken());
    assertEquals("broken", state(barrier));
  }

  @Coroutine
  static Coro<Void> abortHalfway(Barrier barrier, int blocking, int[] count,
      List<Boolean> results1, List<Boolean> results2) {
    try {
      await(barrier.await());
    } catch (BrokenBarrierError e) {
      results1.add(true); // still draining at the abort
      return done();
    }
    count[0]++;
    if (count[0] > blocking) {
      await(barrier.abort());
    } else {
      try {
        await(barrier.await());
      } catch (BrokenBarrierError e) {
        results2.add(true); // blocked (arrived while draining), then broken
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> abortHalfwayMain(
      Barrier barrier, int blocking, List<Boolean> results1, List<Boolean> results2) {
    int[] count = {0};
    await(gatherTasks(N, () -> abortHalfway(barrier, blocking, count, results1, results2)));
    return done();
  }

  /** test_locks.py BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking. */
  @Test
  void abortBreaksTheDrainingAndTheBlockedTasks() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    int blocking = N / 2;
    runVirtual(abortHalfwayMain(barrier, blocking, results1, results2));
    assertTrue(barrier.broken());
    assertEquals(Collections.nCopies(blocking, true), results1);
    assertEquals(Collections.nCopies(N - blocking - 1, true), results2);
    assertEquals(0, barrier.nWaiting());
    assertFalse(state(barrier).startsWith("resetting"));
  }

  @Coroutine
  static Coro<Void> abortOnError(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    try {
      int i = await(barrier.await());
      if (i == N / 2) {
        throw new ArithmeticException("RuntimeError");
      }
      await(barrier.await());
      results1.add(true);
    } catch (BrokenBarrierError e) {
      results2.add(true);
    } catch (ArithmeticException e) {
      await(barrier.abort());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> abortOnErrorMain(
      Barrier barrier, List<Boolean> results1, List<Boolean> results2) {
    await(gatherTasks(N, () -> abortOnError(barrier, results1, results2)));
    return done();
  }

  /** test_locks.py BarrierTests.test_abort_barrier_when_exception (threading's test_reset). */
  @Test
  void aTaskFailingBetweenRoundsAbortsAndBreaksTheOthers() {
    Barrier barrier = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    runVirtual(abortOnErrorMain(barrier, results1, results2));
    assertTrue(barrier.broken());
    assertEquals(List.of(), results1);
    assertEquals(Collections.nCopies(N - 1, true), results2);
    assertEquals(0, barrier.nWaiting());
  }

  @Coroutine
  static Coro<Void> abortThenReset(Barrier barrier1, Barrier barrier2, List<Boolean> results1,
      List<Boolean> results2, List<Boolean> results3) {
    try {
      int i = await(barrier1.await());
      if (i == N / 2) {
        throw new ArithmeticException("RuntimeError");
      }
      await(barrier1.await());
      results1.add(true);
    } catch (BrokenBarrierError e) {
      results2.add(true);
    } catch (ArithmeticException e) {
      await(barrier1.abort());
    }
    // Everyone has left barrier1 before the reset, and nobody enters it again before.
    int i = await(barrier2.await());
    if (i == N / 2) {
      await(barrier1.reset());
    }
    await(barrier2.await());
    await(barrier1.await());
    results3.add(true);
    return done();
  }

  @Coroutine
  static Coro<Void> abortThenResetMain(Barrier barrier1, Barrier barrier2,
      List<Boolean> results1, List<Boolean> results2, List<Boolean> results3) {
    await(gatherTasks(
        N, () -> abortThenReset(barrier1, barrier2, results1, results2, results3)));
    return done();
  }

  /**
   * test_locks.py BarrierTests.test_abort_barrier_when_exception_then_resetting (threading's
   * test_abort_and_reset): a reset repairs an aborted barrier.
   */
  @Test
  void resetRepairsAnAbortedBarrier() {
    Barrier barrier1 = new Barrier(N);
    Barrier barrier2 = new Barrier(N);
    List<Boolean> results1 = new ArrayList<>();
    List<Boolean> results2 = new ArrayList<>();
    List<Boolean> results3 = new ArrayList<>();
    runVirtual(abortThenResetMain(barrier1, barrier2, results1, results2, results3));
    assertFalse(barrier1.broken());
    assertEquals(List.of(), results1);
    assertEquals(Collections.nCopies(N - 1, true), results2);
    assertEquals(Collections.nCopies(N, true), results3);
    assertEquals(0, barrier1.nWaiting());
  }

  @Coroutine
  static Coro<Void> brokenOnArrival() {
    Barrier barrier = new Barrier(2);
    await(barrier.abort());
    try {
      await(barrier.await());
      fail("no BrokenBarrierError");
    } catch (BrokenBarrierError e) {
      assertEquals("Barrier aborted", e.getMessage());
    }
    assertEquals(0, barrier.nWaiting());
    return done();
  }

  /** Python's {@code _block}: arriving at a broken barrier raises at once. */
  @Test
  void arrivingAtABrokenBarrierRaisesAtOnce() {
    runVirtual(brokenOnArrival());
  }
}
