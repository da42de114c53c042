package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.TaskGroup;
import io.weft.sync.PriorityQueue;
import io.weft.sync.Queue;
import io.weft.sync.QueueFull;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Queue.put()} and {@code put_nowait()}: CPython's test_queues.py QueuePutTests, and
 * Weft's step-by-step races between a freed slot and a cancelled putter. The loop is driven by
 * hand, one pass at a time ({@code runBriefly}), on virtual time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wakeup hangs
class QueuePutTest extends VirtualLoopTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  @Coroutine
  static Coro<Integer> blockingPut() {
    Queue<Integer> q = new Queue<>();
    await(q.put(1)); // no maxsize: does not block
    return done(await(q.get()));
  }

  /** test_queues.py QueuePutTests.test_blocking_put. */
  @Test
  void putIntoAnUnboundedQueueDoesNotWait() {
    assertEquals(1, runVirtual(blockingPut()));
  }

  @Coroutine
  static Coro<Void> putTwo(Queue<Integer> q, List<String> log) {
    log.add("started");
    await(q.put(1));
    await(q.put(2));
    log.add("finished");
    return done();
  }

  /** test_queues.py QueuePutTests.test_blocking_put_wait: on virtual time. */
  @Test
  void putWaitsUntilASlotIsFreed() {
    Queue<Integer> q = new Queue<>(1);
    List<String> log = new ArrayList<>();
    double t0 = loop.time();
    loop.callLater(0.01, q::getNowait);
    Task<Void> t = loop.createTask(putTwo(q, log));
    runBriefly(loop);
    assertEquals(List.of("started"), log);
    loop.runUntilComplete(t);
    assertEquals(List.of("started", "finished"), log);
    assertEquals(0.01, loop.time() - t0, 1e-9);
    assertEquals(2, q.getNowait());
  }

  /** test_queues.py QueuePutTests.test_nonblocking_put. */
  @Test
  void putNowaitAddsTheItem() {
    Queue<Integer> q = new Queue<>();
    q.putNowait(1);
    assertEquals(1, q.getNowait());
  }

  /** test_queues.py QueuePutTests.test_nonblocking_put_exception. */
  @Test
  void putNowaitOnAFullQueueRaisesQueueFull() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(1);
    QueueFull e = assertThrows(QueueFull.class, () -> q.putNowait(2));
    assertTrue(e.getMessage().contains("await put()"), e.getMessage());
    assertEquals(1, q.statistics().unfinishedTasks(), "the refused item is not counted");
  }

  @Coroutine
  static Coro<Boolean> putOne(Queue<Integer> q) {
    await(q.put(1));
    return done(true);
  }

  @Coroutine
  static Coro<Boolean> putThenGet() {
    Queue<Integer> q = new Queue<>();
    Task<Boolean> t = createTask(putOne(q));
    int got = await(q.get());
    assertEquals(1, got);
    return done(t.done() && t.result());
  }

  /** test_queues.py QueuePutTests.test_put_cancelled (despite its name: a put and a get meet). */
  @Test
  void aPutTaskAndAWaitingGetMeet() {
    assertTrue(runVirtual(putThenGet()));
  }

  /** test_queues.py QueuePutTests.test_put_cancelled_race. */
  @Test
  void aPutterCancelledWhileWaitingLeavesTheSlotToTheNext() {
    Queue<String> q = new Queue<>(1);
    Task<Void> putA = loop.createTask(q.put("a"));
    Task<Void> putB = loop.createTask(q.put("b"));
    Task<Void> putC = loop.createTask(q.put("X"));
    runBriefly(loop);
    assertTrue(putA.done());
    assertFalse(putB.done());
    putC.cancel();
    runBriefly(loop);
    assertTrue(putC.cancelled());
    assertEquals("a", q.getNowait());
    runBriefly(loop);
    assertEquals("b", q.getNowait());
    assertTrue(putB.done());
    assertTrue(q.empty(), "X was never put");
  }

  @Coroutine
  static Coro<String> putWithWaitingGetter() {
    Queue<String> q = new Queue<>();
    Task<String> t = createTask(q.get());
    await(sleep(0));
    await(q.put("a"));
    return done(await(t));
  }

  /** test_queues.py QueuePutTests.test_put_with_waiting_getters. */
  @Test
  void aPutHandsItsItemToAWaitingGetter() {
    assertEquals("a", runVirtual(putWithWaitingGetter()));
  }

  @Coroutine
  static Coro<Void> takeAll(Queue<Integer> q) {
    await(sleep(0));
    int n = q.qsize();
    for (int i = 0; i < n; i++) {
      q.getNowait();
    }
    return done();
  }

  @Coroutine
  static Coro<Void> oneGetterFourPutters(TaskGroup g, Queue<Integer> q) {
    g.createTask(takeAll(q));
    for (int i = 0; i < 4; i++) {
      g.createTask(q.put(i));
    }
    return done();
  }

  @Coroutine
  static Coro<Integer> whyArePuttersWaiting() {
    Queue<Integer> q = new Queue<>(2);
    await(TaskGroup.run(g -> oneGetterFourPutters(g, q)));
    return done(q.qsize());
  }

  /**
   * test_queues.py QueuePutTests.test_why_are_putters_waiting: two gets in one pass wake two
   * putters, so none is left stranded.
   */
  @Test
  void everyFreedSlotWakesAPutter() {
    assertEquals(2, runVirtual(whyArePuttersWaiting()));
  }

  /** test_queues.py QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters. */
  @Test
  void aCancelledPutIsNotHeldInThePutters() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(1);
    Task<Void> put = loop.createTask(q.put(1));
    runBriefly(loop);
    assertEquals(1, q.statistics().putters());
    put.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(put));
    assertEquals(0, q.statistics().putters());
  }

  /**
   * test_queues.py QueuePutTests.test_cancelled_put_silence_value_error_exception: the putter was
   * already popped by the get that woke it, and its cancellation still reaches the caller as
   * CancelledError.
   */
  @Test
  void aPutCancelledAfterItsWakeupRaisesCancelledError() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(1);
    Task<Void> put = loop.createTask(q.put(1));
    runBriefly(loop);
    q.getNowait(); // pops and wakes the putter
    put.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(put));
    assertTrue(q.empty(), "the cancelled put added nothing");
  }

  @Coroutine
  static Coro<int[]> putCancelDrop() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(1);
    Task<Void> writer = createTask(q.put(2)); // has to wait: qsize is 1
    await(sleep(0));
    int value1 = q.getNowait();
    writer.cancel();
    try {
      await(writer);
    } catch (CancelledError e) {
      writer = createTask(q.put(2)); // try again
      await(writer);
    }
    int value2 = q.getNowait();
    return done(new int[] {value1, value2, q.qsize()});
  }

  /** test_queues.py QueuePutTests.test_put_cancel_drop. */
  @Test
  void aWriterCancelledAfterItsWakeupCanPutAgain() {
    assertArrayEquals(new int[] {1, 2, 0}, runVirtual(putCancelDrop()));
  }

  // ------------------------------------------------------------------ wakeup and cancel races

  /**
   * A putter cancelled in the same pass in which a get freed its slot: it raises CancelledError
   * without putting, and hands the wakeup to the next putter, which puts one pass later.
   */
  @Test
  void aPutterCancelledInThePassItWasWokenHandsTheSlotOn() {
    Queue<String> q = new Queue<>(1);
    q.putNowait("first");
    Task<Void> p1 = loop.createTask(q.put("p1"));
    Task<Void> p2 = loop.createTask(q.put("p2"));
    runBriefly(loop);
    assertEquals(2, q.statistics().putters());

    assertEquals("first", q.getNowait()); // wakes p1
    assertEquals(1, q.statistics().putters());
    p1.cancel();

    runBriefly(loop); // p1: CancelledError, the wakeup goes to p2
    assertTrue(p1.cancelled());
    assertFalse(p2.done());
    assertEquals(0, q.statistics().putters());
    assertTrue(q.empty(), "the slot is still free");

    runBriefly(loop);
    assertTrue(p2.done());
    assertEquals("p2", q.getNowait());
    assertTrue(q.empty());
  }

  /** Many putters cancelled at once, one left: it gets the freed slot. */
  @Test
  void cancellingManyPuttersStrandsNoSlot() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(-1);
    List<Task<Void>> putters = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      putters.add(loop.createTask(q.put(i)));
    }
    runBriefly(loop);
    assertEquals(-1, q.getNowait()); // wakes putter 0
    for (int i = 0; i < 49; i++) {
      putters.get(i).cancel();
    }
    runBriefly(loop);
    runBriefly(loop);
    assertTrue(putters.get(49).done());
    assertEquals(49, q.getNowait());
    assertEquals(0, q.statistics().putters());
  }

  /**
   * A woken put whose item the queue refuses (a PriorityQueue that cannot order it) raises, and
   * hands its slot on to the next putter rather than leaving it free while putters wait. (Weft:
   * CPython raises without passing the wakeup on.)
   */
  @Test
  void aWokenPutWhoseItemIsRefusedHandsTheSlotOn() {
    PriorityQueue<Object> q = new PriorityQueue<>(1);
    q.putNowait(1);
    Task<Void> bad = loop.createTask(q.put(new Object()));
    Task<Void> good = loop.createTask(q.put(3));
    runBriefly(loop);
    assertEquals(1, q.getNowait()); // wakes `bad`
    runBriefly(loop);
    assertInstanceOf(IllegalArgumentException.class, bad.exception());
    runBriefly(loop);
    assertTrue(good.done());
    assertEquals(3, q.getNowait());
  }
}
