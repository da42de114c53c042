package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.TaskGroup;
import io.weft.sync.LifoQueue;
import io.weft.sync.PriorityQueue;
import io.weft.sync.Queue;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code task_done()} and {@code join()}: CPython's test_queues.py _QueueJoinTestMixin, run
 * against Queue, LifoQueue and PriorityQueue as QueueJoinTests, LifoQueueJoinTests and
 * PriorityQueueJoinTests are. Every loop runs on virtual time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wakeup hangs
class QueueJoinTest extends VirtualLoopTest {

  /** The three queue classes, as CPython's {@code q_class}. */
  static Stream<Arguments> queueClasses() {
    return Stream.of(
        Arguments.of("Queue", (IntFunction<Queue<Integer>>) Queue::new),
        Arguments.of("LifoQueue", (IntFunction<Queue<Integer>>) LifoQueue::new),
        Arguments.of("PriorityQueue", (IntFunction<Queue<Integer>>) PriorityQueue::new));
  }

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  /** test_queues.py _QueueJoinTestMixin.test_task_done_underflow. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void taskDoneWithNothingUnfinishedRaises(String name, IntFunction<Queue<Integer>> qClass) {
    Queue<Integer> q = qClass.apply(0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
    assertTrue(e.getMessage().startsWith("taskDone() called too many times"), e.getMessage());
  }

  @Coroutine
  static Coro<Void> worker(Queue<Integer> q, int[] accumulator) {
    while (true) {
      int item = await(q.get());
      accumulator[0] += item;
      q.taskDone();
    }
  }

  @Coroutine
  static Coro<Void> twoWorkersAndJoin(TaskGroup g, Queue<Integer> q, int[] accumulator) {
    List<Task<Void>> workers = List.of(g.createTask(worker(q, accumulator)),
        g.createTask(worker(q, accumulator)));
    await(q.join());
    assertEquals(4950, accumulator[0], "join() returned before every item was processed");
    for (Task<Void> w : workers) {
      w.cancel(); // CPython stops its workers with a flag and dummy items; cancel is shorter
    }
    return done();
  }

  @Coroutine
  static Coro<Integer> taskDone(Queue<Integer> q) {
    for (int i = 0; i < 100; i++) {
      q.putNowait(i);
    }
    int[] accumulator = {0};
    await(TaskGroup.run(g -> twoWorkersAndJoin(g, q, accumulator)));
    return done(accumulator[0]);
  }

  /** test_queues.py _QueueJoinTestMixin.test_task_done: two workers, join() waits for both. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void joinWaitsUntilEveryItemIsMarkedDone(String name, IntFunction<Queue<Integer>> qClass) {
    assertEquals(4950, runVirtual(taskDone(qClass.apply(0))));
  }

  @Coroutine
  static Coro<Boolean> joinTwice(Queue<Integer> q, boolean[] ranBetween) {
    getRunningLoop().callSoon(() -> ranBetween[0] = true);
    await(q.join());
    await(q.join());
    return done(ranBetween[0]);
  }

  /**
   * test_queues.py _QueueJoinTestMixin.test_join_empty_queue: join() of a queue with nothing
   * unfinished returns at once, without yielding to the loop (done twice for insurance).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void joinOfAnEmptyQueueReturnsAtOnce(String name, IntFunction<Queue<Integer>> qClass) {
    boolean[] ranBetween = {false};
    assertFalse(runVirtual(joinTwice(qClass.apply(0), ranBetween)),
        "a callback ran: join() yielded to the loop");
  }

  /**
   * Python's _finished Event: every waiting join() is woken when the count reaches zero, even if
   * an item is put before they run.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void everyJoinIsWokenAtZeroEvenIfAnItemFollows(
      String name, IntFunction<Queue<Integer>> qClass) {
    Queue<Integer> q = qClass.apply(0);
    q.putNowait(1);
    Task<Void> j1 = loop.createTask(q.join());
    Task<Void> j2 = loop.createTask(q.join());
    runBriefly(loop);
    assertFalse(j1.done());
    q.getNowait();
    q.taskDone(); // count 0: both woken
    q.putNowait(2); // count 1 again (Python clears the event): the woken ones stay woken
    runBriefly(loop);
    assertTrue(j1.done());
    assertTrue(j2.done());
    Task<Void> j3 = loop.createTask(q.join());
    runBriefly(loop);
    assertFalse(j3.done(), "a new join() waits for the new item");
    q.getNowait();
    q.taskDone();
    runBriefly(loop);
    assertTrue(j3.done());
  }

  /** Cancelling a join() leaves the queue as it was, and the other join() still wakes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void aCancelledJoinLeavesTheQueueAlone(String name, IntFunction<Queue<Integer>> qClass) {
    Queue<Integer> q = qClass.apply(0);
    q.putNowait(1);
    Task<Void> j1 = loop.createTask(q.join());
    Task<Void> j2 = loop.createTask(q.join());
    runBriefly(loop);
    j1.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(j1));
    assertEquals(1, q.statistics().unfinishedTasks());
    q.getNowait();
    q.taskDone();
    loop.runUntilComplete(j2);
    assertTrue(j2.done());
  }

  /** test_queues.py _QueueJoinTestMixin.test_format. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void toStringShowsTheUnfinishedCount(String name, IntFunction<Queue<Integer>> qClass) {
    Queue<Integer> q = qClass.apply(0);
    assertEquals("<" + name + " maxsize=0>", q.toString());
    q.putNowait(5);
    q.getNowait();
    q.putNowait(6);
    q.getNowait();
    assertEquals("<" + name + " maxsize=0 tasks=2>", q.toString());
  }
}
