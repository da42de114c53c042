package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.sync.LifoQueue;
import io.weft.sync.PriorityQueue;
import io.weft.sync.Queue;
import io.weft.sync.QueueShutDown;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Queue.shutdown(immediate)} (Python 3.13): CPython's test_queues.py
 * _QueueShutdownTestMixin, run against Queue, LifoQueue and PriorityQueue as QueueShutdownTests,
 * LifoQueueShutdownTests and PriorityQueueShutdownTests are, plus the transitions of
 * test_queue.py's (threading) shutdown tests and Weft's checks of the waiters it wakes. The loop
 * is driven by hand, one pass at a time, on virtual time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wakeup hangs
class QueueShutdownTest extends VirtualLoopTest {

  /** The three queue classes, as CPython's {@code q_class}. */
  static Stream<Arguments> queueClasses() {
    return Stream.of(
        Arguments.of("Queue", (IntFunction<Queue<String>>) Queue::new),
        Arguments.of("LifoQueue", (IntFunction<Queue<String>>) LifoQueue::new),
        Arguments.of("PriorityQueue", (IntFunction<Queue<String>>) PriorityQueue::new));
  }

  /**
   * Asserts that every put and get form raises QueueShutDown, on the loop: CPython's four
   * {@code assertRaisesShutdown} blocks.
   */
  void assertPutsAndGetsRaiseShutDown(Queue<String> q) {
    assertThrows(QueueShutDown.class, () -> loop.runUntilComplete(loop.createTask(q.put("data"))));
    assertThrows(QueueShutDown.class, () -> q.putNowait("data"));
    assertThrows(QueueShutDown.class, () -> loop.runUntilComplete(loop.createTask(q.get())));
    assertThrows(QueueShutDown.class, q::getNowait);
  }

  /** test_queues.py _QueueShutdownTestMixin.test_format. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void toStringEndsWithShutdown(String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    q.shutdown();
    assertEquals("<" + name + " maxsize=0 shutdown>", q.toString());
    assertTrue(q.statistics().shutdown());
  }

  /** test_queues.py _QueueShutdownTestMixin.test_shutdown_empty. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void shuttingDownAnEmptyQueueWakesItsGetterWithQueueShutDown(
      String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    Task<String> getTask = loop.createTask(q.get());
    runBriefly(loop); // the get task waits before the shutdown

    q.shutdown(false); // unfinished tasks: 0 -> 0
    assertEquals(0, q.qsize());
    loop.runUntilComplete(loop.createTask(q.join()));

    runBriefly(loop);
    assertTrue(getTask.done());
    QueueShutDown e = assertInstanceOf(QueueShutDown.class, getTask.exception());
    assertTrue(e.getMessage().contains("shut-down"), e.getMessage());
    assertPutsAndGetsRaiseShutDown(q);
  }

  /** test_queues.py _QueueShutdownTestMixin.test_shutdown_nonempty. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void aShutDownQueueGivesItsItemsThenRaises(String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(1);
    q.putNowait("data");
    Task<Void> joinTask = loop.createTask(q.join());
    Task<Void> putTask = loop.createTask(q.put("data2"));
    runBriefly(loop);
    assertFalse(putTask.done());

    q.shutdown(false); // unfinished tasks: 1 -> 1
    assertEquals(1, q.qsize());

    runBriefly(loop);
    assertTrue(putTask.done());
    assertInstanceOf(QueueShutDown.class, putTask.exception(), "the waiting put raises");

    assertEquals("data", loop.runUntilComplete(loop.createTask(q.get())),
        "the item left is still given");
    runBriefly(loop);
    assertFalse(joinTask.done(), "join() still waits for taskDone()");

    assertPutsAndGetsRaiseShutDown(q);

    q.taskDone();
    runBriefly(loop);
    assertTrue(joinTask.done());
    assertThrows(IllegalArgumentException.class, q::taskDone);
  }

  /** test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void anImmediateShutdownDropsTheItemsAndReleasesJoin(
      String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    q.putNowait("data");
    Task<Void> joinTask = loop.createTask(q.join());
    runBriefly(loop);
    assertFalse(joinTask.done());

    q.shutdown(true); // unfinished tasks: 1 -> 0
    assertEquals(0, q.qsize());
    runBriefly(loop);
    assertTrue(joinTask.done());
    assertNull(joinTask.result());

    assertPutsAndGetsRaiseShutDown(q);
    assertThrows(IllegalArgumentException.class, q::taskDone, "no unfinished tasks are left");
  }

  /** test_queues.py _QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void anImmediateShutdownKeepsTheItemsAlreadyTakenUnfinished(
      String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    q.putNowait("data");
    q.putNowait("data");
    Task<Void> joinTask = loop.createTask(q.join());
    assertEquals("data", loop.runUntilComplete(loop.createTask(q.get())));

    q.shutdown(true); // unfinished tasks: 2 -> 1
    assertEquals(0, q.qsize());
    assertEquals(1, q.statistics().unfinishedTasks());

    runBriefly(loop);
    assertFalse(joinTask.done());
    assertPutsAndGetsRaiseShutDown(q);

    q.taskDone(); // the item taken
    assertThrows(IllegalArgumentException.class, q::taskDone);
    runBriefly(loop);
    assertTrue(joinTask.done());
  }

  /**
   * test_queue.py (threading) BaseQueueTestMixin.test_shutdown_allowed_transitions, and the
   * asyncio draft's test_shutdown_repeated: shutdown may be called again, and an immediate
   * shutdown after a plain one drops what is left.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void shutdownMayBeRepeatedAndMadeImmediateLater(
      String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    assertFalse(q.statistics().shutdown());
    q.putNowait("a");
    q.putNowait("b");

    q.shutdown();
    assertTrue(q.statistics().shutdown());
    assertEquals(2, q.qsize(), "a plain shutdown keeps the items");
    q.shutdown(); // again: no error, no change
    assertEquals(2, q.qsize());

    q.shutdown(true);
    assertEquals(0, q.qsize(), "the immediate shutdown drops them");
    assertEquals(0, q.statistics().unfinishedTasks());
    q.shutdown(false); // back to "not immediate" changes nothing
    assertTrue(q.statistics().shutdown());
    assertEquals("<" + name + " maxsize=0 shutdown>", q.toString());
  }

  /**
   * A shutdown wakes every waiter at once (CPython pops every getter and putter): all putters
   * raise, and getters take what is left, then raise.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void shutdownWakesEveryGetterAndPutter(String name, IntFunction<Queue<String>> qClass) {
    Queue<String> empty = qClass.apply(0);
    List<Task<String>> getters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      getters.add(loop.createTask(empty.get()));
    }
    Queue<String> full = qClass.apply(1);
    full.putNowait("x");
    List<Task<Void>> putters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      putters.add(loop.createTask(full.put("p" + i)));
    }
    runBriefly(loop);
    assertEquals(3, empty.statistics().getters());
    assertEquals(3, full.statistics().putters());

    empty.shutdown();
    full.shutdown();
    assertEquals(0, empty.statistics().getters());
    assertEquals(0, full.statistics().putters());
    runBriefly(loop);
    for (Task<String> g : getters) {
      assertInstanceOf(QueueShutDown.class, g.exception());
    }
    for (Task<Void> p : putters) {
      assertInstanceOf(QueueShutDown.class, p.exception());
    }
    assertEquals("x", full.getNowait(), "the item left in the full queue is still given");
  }

  /**
   * A getter woken by a put just before a plain shutdown still gets that item; the getter woken
   * only by the shutdown raises.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void aGetterWokenByAPutBeforeShutdownGetsTheItem(
      String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    Task<String> g1 = loop.createTask(q.get());
    Task<String> g2 = loop.createTask(q.get());
    runBriefly(loop);
    q.putNowait("last");
    q.shutdown();
    runBriefly(loop);
    assertEquals("last", g1.result());
    assertInstanceOf(QueueShutDown.class, g2.exception());
  }

  /**
   * An immediate shutdown wakes a putter of a full queue into an empty one; it raises anyway,
   * since no put is allowed after shutdown.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void aPutterWokenByAnImmediateShutdownRaises(String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(1);
    q.putNowait("x");
    Task<Void> putter = loop.createTask(q.put("y"));
    runBriefly(loop);
    q.shutdown(true);
    runBriefly(loop);
    assertInstanceOf(QueueShutDown.class, putter.exception());
    assertTrue(q.empty());
    assertEquals(0, q.statistics().unfinishedTasks());
  }

  @Coroutine
  static Coro<String> drainAfterShutdown(Queue<String> q) {
    StringBuilder got = new StringBuilder();
    try {
      while (true) {
        got.append(await(q.get()));
      }
    } catch (QueueShutDown end) {
      return done(got.toString());
    }
  }

  /** The consumer's idiom: get until QueueShutDown, after the producer shut the queue down. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("queueClasses")
  void aConsumerDrainsAShutDownQueueAndStops(String name, IntFunction<Queue<String>> qClass) {
    Queue<String> q = qClass.apply(0);
    q.putNowait("a");
    q.putNowait("b");
    q.shutdown();
    String got = run(drainAfterShutdown(q), null, Loops::virtual);
    assertEquals(2, got.length());
    assertTrue(got.contains("a") && got.contains("b"), got);
  }
}
