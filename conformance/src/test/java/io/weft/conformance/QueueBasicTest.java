package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.LifoQueue;
import io.weft.sync.PriorityQueue;
import io.weft.sync.Queue;
import io.weft.sync.QueueEmpty;
import io.weft.sync.QueueFull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.Queue}, {@code LifoQueue} and {@code PriorityQueue} basics: CPython's
 * test_queues.py QueueBasicTests, LifoQueueTests and PriorityQueueTests, plus Weft's own checks
 * of null items, ordering, loop binding and a long producer/consumer run. Every loop runs on
 * virtual time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wakeup hangs
class QueueBasicTest extends VirtualLoopTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  // ------------------------------------------------------------------ repr / str

  /** test_queues.py QueueBasicTests.test_repr and test_str (Weft's toString is Python's str). */
  @Test
  void toStringShowsMaxsizeItemsWaitersAndUnfinishedTasks() {
    Queue<Integer> q = new Queue<>();
    assertEquals("<Queue maxsize=0>", q.toString());

    Task<Integer> getter = loop.createTask(q.get());
    runBriefly(loop); // let it start waiting
    assertEquals("<Queue maxsize=0 _getters[1]>", q.toString());
    q.putNowait(0);
    assertEquals("<Queue maxsize=0 _queue=[0] tasks=1>", q.toString(),
        "the put popped the getter, which has not taken the item yet");
    assertEquals(0, loop.runUntilComplete(getter));

    Queue<Integer> bounded = new Queue<>(1);
    bounded.putNowait(1);
    Task<Void> putter = loop.createTask(bounded.put(2));
    runBriefly(loop);
    assertEquals("<Queue maxsize=1 _queue=[1] _putters[1] tasks=1>", bounded.toString());
    assertEquals(1, bounded.getNowait());
    runBriefly(loop);
    assertTrue(putter.done());
    assertEquals("<Queue maxsize=1 _queue=[2] tasks=2>", bounded.toString());

    assertEquals("<LifoQueue maxsize=3>", new LifoQueue<String>(3).toString());
    assertEquals("<PriorityQueue maxsize=-1>", new PriorityQueue<String>(-1).toString());
  }

  /** test_queues.py _QueueJoinTestMixin.test_format: the unfinished count shows as tasks=. */
  @Test
  void toStringShowsUnfinishedTasksAfterTheItemsLeft() {
    Queue<String> q = new Queue<>();
    q.putNowait("a");
    q.putNowait("b");
    q.getNowait();
    q.getNowait();
    assertEquals("<Queue maxsize=0 tasks=2>", q.toString());
    assertEquals(new Queue.Statistics(0, 0, 0, 0, 2, false), q.statistics());
  }

  // ------------------------------------------------------------------ empty / full / maxsize

  @Coroutine
  static Coro<Void> emptyCheck() {
    Queue<Integer> q = new Queue<>();
    assertTrue(q.empty());
    await(q.put(1));
    assertFalse(q.empty());
    assertEquals(1, await(q.get()));
    assertTrue(q.empty());
    return done();
  }

  /** test_queues.py QueueBasicTests.test_empty. */
  @Test
  void emptyIsTrueOnlyWithoutItems() {
    runVirtual(emptyCheck());
  }

  @Coroutine
  static Coro<Void> fullCheck() {
    assertFalse(new Queue<Integer>().full());
    Queue<Integer> q = new Queue<>(1);
    await(q.put(1));
    assertTrue(q.full());
    return done();
  }

  /** test_queues.py QueueBasicTests.test_full. */
  @Test
  void fullIsTrueAtMaxsizeAndNeverWhenUnbounded() {
    runVirtual(fullCheck());
  }

  @Coroutine
  static Coro<Boolean> putThree(Queue<Integer> q, List<Integer> haveBeenPut) {
    for (int i = 0; i < 3; i++) {
      await(q.put(i));
      haveBeenPut.add(i);
    }
    return done(true);
  }

  /** test_queues.py QueueBasicTests.test_maxsize: the putter blocks after two items. */
  @Test
  void putWaitsAtMaxsizeUntilAnItemIsTaken() {
    Queue<Integer> q = new Queue<>(2);
    assertEquals(2, q.maxsize());
    List<Integer> haveBeenPut = new ArrayList<>();
    Task<Boolean> t = loop.createTask(putThree(q, haveBeenPut));
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(List.of(0, 1), haveBeenPut, "blocked after putting two items");
    assertEquals(0, q.getNowait());
    runBriefly(loop); // the putter resumes and puts the last item
    assertEquals(List.of(0, 1, 2), haveBeenPut);
    assertEquals(1, q.getNowait());
    assertEquals(2, q.getNowait());
    assertTrue(t.done());
    assertTrue(t.result());
  }

  /**
   * test_queues.py QueuePutTests.test_float_maxsize, adapted: Java's maxsize is an int, so the
   * point left is that full() compares qsize() with maxsize and both put forms respect it.
   */
  @Test
  void maxsizeTwoIsFullAfterTwoItems() {
    Queue<Integer> q = new Queue<>(2);
    q.putNowait(1);
    q.putNowait(2);
    assertTrue(q.full());
    QueueFull e = assertThrows(QueueFull.class, () -> q.putNowait(3));
    assertTrue(e.getMessage().contains("maxsize=2"), e.getMessage());
    assertEquals(2, q.qsize());
  }

  /** Python's {@code maxsize <= 0} means unbounded; maxsize keeps the value given, as in Python. */
  @Test
  void zeroOrNegativeMaxsizeIsUnbounded() {
    for (int maxsize : new int[] {0, -1, Integer.MIN_VALUE}) {
      Queue<Integer> q = new Queue<>(maxsize);
      assertEquals(maxsize, q.maxsize());
      for (int i = 0; i < 10_000; i++) {
        q.putNowait(i);
        assertFalse(q.full());
      }
      assertEquals(10_000, q.qsize());
      for (int i = 0; i < 10_000; i++) {
        assertEquals(i, q.getNowait(), "the ring buffer keeps FIFO order across growth");
      }
    }
    assertEquals(0, new Queue<>().maxsize());
  }

  // ------------------------------------------------------------------ order

  @Coroutine
  static Coro<List<Integer>> putThenGet(Queue<Integer> q, int... items) {
    for (int i : items) {
      await(q.put(i));
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      out.add(await(q.get()));
    }
    return done(out);
  }

  /** test_queues.py QueueBasicTests.test_order. */
  @Test
  void queueIsFirstInFirstOut() {
    assertEquals(List.of(1, 3, 2), runVirtual(putThenGet(new Queue<>(), 1, 3, 2)));
  }

  /** test_queues.py LifoQueueTests.test_order. */
  @Test
  void lifoQueueIsLastInFirstOut() {
    assertEquals(List.of(2, 3, 1), runVirtual(putThenGet(new LifoQueue<>(), 1, 3, 2)));
  }

  /** test_queues.py PriorityQueueTests.test_order. */
  @Test
  void priorityQueueIsSmallestFirst() {
    assertEquals(List.of(1, 2, 3), runVirtual(putThenGet(new PriorityQueue<>(), 1, 3, 2)));
    assertEquals(List.of(3, 2, 1),
        runVirtual(putThenGet(new PriorityQueue<>(Comparator.reverseOrder()), 1, 3, 2)));
  }

  /** The heap against a sort: many random items, interleaved puts and gets, both orderings. */
  @Test
  void priorityQueueAgreesWithSortingOnRandomItems() {
    Random random = new Random(42);
    for (Comparator<Integer> order : List.<Comparator<Integer>>of(
        Comparator.naturalOrder(), Comparator.reverseOrder())) {
      PriorityQueue<Integer> q = order == Comparator.<Integer>naturalOrder()
          ? new PriorityQueue<>() : new PriorityQueue<>(order);
      java.util.PriorityQueue<Integer> oracle = new java.util.PriorityQueue<>(order);
      for (int round = 0; round < 5_000; round++) {
        if (random.nextInt(3) > 0 || oracle.isEmpty()) {
          int item = random.nextInt(100);
          q.putNowait(item);
          oracle.add(item);
        } else {
          assertEquals(oracle.poll(), q.getNowait());
        }
        assertEquals(oracle.size(), q.qsize());
      }
      while (!oracle.isEmpty()) {
        assertEquals(oracle.poll(), q.getNowait());
      }
      assertTrue(q.empty());
    }
  }

  record Job(int priority, String name) {}

  /** Python's {@code (priority, data)} tuples: a record and a comparator. */
  @Test
  void priorityQueueTakesAComparatorForRecords() {
    PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
    q.putNowait(new Job(3, "low"));
    q.putNowait(new Job(1, "high"));
    q.putNowait(new Job(2, "mid"));
    assertEquals("high", q.getNowait().name());
    assertEquals("mid", q.getNowait().name());
    assertEquals("low", q.getNowait().name());
  }

  // ------------------------------------------------------------------ null and refused items

  /** Python queues hold None; Weft's Queue and LifoQueue hold null. */
  @Test
  void queueAndLifoQueueHoldNull() {
    Queue<String> q = new Queue<>();
    q.putNowait(null);
    q.putNowait("x");
    assertEquals("<Queue maxsize=0 _queue=[null, x] tasks=2>", q.toString());
    assertNull(q.getNowait());
    assertEquals("x", q.getNowait());

    LifoQueue<String> lifo = new LifoQueue<>();
    lifo.putNowait("x");
    lifo.putNowait(null);
    assertNull(lifo.getNowait());
    assertEquals("x", lifo.getNowait());

    PriorityQueue<String> nullsFirst =
        new PriorityQueue<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    nullsFirst.putNowait("b");
    nullsFirst.putNowait(null);
    assertNull(nullsFirst.getNowait(), "a comparator that orders null may");
    assertEquals("b", nullsFirst.getNowait());
  }

  /**
   * Python's heappush raises TypeError for items it cannot order; Weft refuses them when put,
   * with a message naming the fix, and leaves the queue unchanged.
   */
  @Test
  void priorityQueueRefusesItemsItCannotOrderAndStaysIntact() {
    PriorityQueue<Object> q = new PriorityQueue<>();
    NullPointerException npe = assertThrows(NullPointerException.class, () -> q.putNowait(null));
    assertTrue(npe.getMessage().contains("Comparator"), npe.getMessage());
    IllegalArgumentException notComparable =
        assertThrows(IllegalArgumentException.class, () -> q.putNowait(new Object()));
    assertTrue(notComparable.getMessage().contains("is not Comparable"),
        notComparable.getMessage());

    for (int i = 0; i < 10; i++) {
      q.putNowait(i);
    }
    IllegalArgumentException mixed =
        assertThrows(IllegalArgumentException.class, () -> q.putNowait("text"));
    assertTrue(mixed.getMessage().contains("cannot compare"), mixed.getMessage());
    assertInstanceOf(ClassCastException.class, mixed.getCause());
    assertEquals(10, q.qsize(), "nothing added");
    assertEquals(10, q.statistics().unfinishedTasks(), "nothing counted");
    for (int i = 0; i < 10; i++) {
      assertEquals(i, q.getNowait(), "the heap is intact");
    }
  }

  /** A comparator that fails while getting leaves the heap as it was. */
  @Test
  void aComparatorFailingInGetLeavesTheHeapIntact() {
    boolean[] failing = {false};
    PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> {
      if (failing[0]) {
        throw new IllegalStateException("comparator failed");
      }
      return Integer.compare(a, b);
    });
    for (int i : new int[] {5, 3, 8, 1, 9, 2}) {
      q.putNowait(i);
    }
    failing[0] = true;
    assertThrows(IllegalStateException.class, q::getNowait);
    failing[0] = false;
    List<Integer> out = new ArrayList<>();
    while (!q.empty()) {
      out.add(q.getNowait());
    }
    assertEquals(List.of(1, 2, 3, 5, 8, 9), out);
  }

  // ------------------------------------------------------------------ nonblocking

  /** test_queues.py QueueGetTests.test_nonblocking_get_exception. */
  @Test
  void getNowaitOnAnEmptyQueueRaisesQueueEmpty() {
    QueueEmpty e = assertThrows(QueueEmpty.class, () -> new Queue<>().getNowait());
    assertTrue(e.getMessage().contains("await get()"), e.getMessage());
  }

  // ------------------------------------------------------------------ loop binding

  @Coroutine
  static Coro<Integer> getFromOtherLoop(Queue<Integer> q) {
    try {
      await(q.get());
      fail("no error");
    } catch (IllegalStateException e) {
      return done(e.getMessage().endsWith("is bound to a different event loop") ? 1 : 0);
    }
    return done(-1);
  }

  /**
   * test_queues.py relies on mixins._LoopBoundMixin (test_locks.py's
   * test_..._bound_to_a_different_event_loop pattern): waiting binds the queue to the loop; a
   * task of another loop that has to wait raises RuntimeError (IllegalStateException).
   */
  @Test
  void waitingFromASecondLoopRaisesBoundToADifferentEventLoop() {
    Queue<Integer> q = new Queue<>();
    Task<Integer> first = loop.createTask(q.get());
    runBriefly(loop); // waits: the queue is now bound to `loop`
    q.putNowait(1);
    assertEquals(1, loop.runUntilComplete(first));

    EventLoop other = Loops.virtual();
    try {
      assertEquals(1, other.runUntilComplete(other.createTask(getFromOtherLoop(q))));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> other.runUntilComplete(other.createTask(q.get())));
      assertEquals("<Queue maxsize=0 tasks=1> is bound to a different event loop", e.getMessage());
      // what does not wait works from any loop, as in Python
      other.runUntilComplete(other.createTask(q.put(7)));
      assertEquals(7, other.runUntilComplete(other.createTask(q.get())));
    } finally {
      other.close();
    }
  }

  /** A queue that never had to wait is not bound: Python binds only on the paths that wait. */
  @Test
  void aQueueThatNeverWaitedWorksOnOneLoopAfterAnother() {
    Queue<String> q = new Queue<>();
    assertNull(runVirtual(q.put("a")));
    assertEquals("a", runVirtual(q.get()));
    assertNull(runVirtual(q.put("b")));
    assertEquals("b", runVirtual(q.get()));
  }

  // ------------------------------------------------------------------ producer / consumer

  static final int ITEMS = 100_000;

  @Coroutine
  static Coro<Void> producer(Queue<Integer> q) {
    for (int i = 0; i < ITEMS; i++) {
      await(q.put(i));
    }
    return done();
  }

  @Coroutine
  static Coro<Integer> consumer(Queue<Integer> q) {
    int expected = 0;
    while (expected < ITEMS) {
      int item = await(q.get());
      if (item != expected) {
        throw new AssertionError("got " + item + ", expected " + expected);
      }
      expected++;
      q.taskDone();
    }
    return done(expected);
  }

  @Coroutine
  static Coro<int[]> producerConsumer() {
    Queue<Integer> q = new Queue<>(16);
    Task<Void> p = createTask(producer(q));
    Task<Integer> c = createTask(consumer(q));
    await(q.join()); // may return early, before the first put: then wait for both
    await(p);
    int received = await(c);
    await(q.join());
    Queue.Statistics s = q.statistics();
    return done(new int[] {received, s.qsize(), s.getters(), s.putters(), s.unfinishedTasks()});
  }

  /** 100,000 items through a bounded queue: each arrives once, in order, and join() sees all. */
  @Test
  void everyItemOfALongBoundedRunArrivesOnceInOrder() {
    assertArrayEquals(new int[] {ITEMS, 0, 0, 0, 0}, runVirtual(producerConsumer()));
  }
}
