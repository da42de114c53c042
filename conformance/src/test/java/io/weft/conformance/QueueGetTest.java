package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Coroutine;
import io.weft.Future;
import io.weft.Task;
import io.weft.TaskGroup;
import io.weft.TimeoutError;
import io.weft.sync.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Queue.get()} and {@code get_nowait()}: CPython's test_queues.py QueueGetTests, the
 * reader-cancellation tests of QueuePutTests, and Weft's step-by-step races between a wakeup and a
 * cancellation. The loop is driven by hand, one pass at a time ({@code runBriefly}), on virtual
 * time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wakeup hangs
class QueueGetTest extends VirtualLoopTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  @Coroutine
  static Coro<Integer> blockingGet() {
    Queue<Integer> q = new Queue<>();
    q.putNowait(1);
    return done(await(q.get()));
  }

  /** test_queues.py QueueGetTests.test_blocking_get. */
  @Test
  void getReturnsAnItemThatIsThere() {
    assertEquals(1, runVirtual(blockingGet()));
  }

  /** test_queues.py QueueGetTests.test_nonblocking_get. */
  @Test
  void getNowaitReturnsAnItemThatIsThere() {
    Queue<Integer> q = new Queue<>();
    q.putNowait(1);
    assertEquals(1, q.getNowait());
  }

  /** An item that is there is taken without yielding to the loop: no waiter, no suspension. */
  @Test
  void getOfAnItemThatIsThereDoesNotSuspend() {
    Queue<String> q = new Queue<>();
    q.putNowait("a");
    Coro<String> get = q.get();
    try {
      get.send(null);
      fail("the coroutine did not return at once");
    } catch (io.weft.StopIteration stop) {
      assertEquals("a", stop.value());
    }
    assertEquals(CoroutineState.CLOSED, get.state());
  }

  /**
   * test_queues.py QueueGetTests.test_get_with_putters: a get wakes the first waiting putter
   * (CPython appends a bare future to {@code _putters}; here a real put task waits).
   */
  @Test
  void getWakesTheFirstWaitingPutter() {
    Queue<Integer> q = new Queue<>(1);
    q.putNowait(1);
    Task<Void> putter = loop.createTask(q.put(2));
    runBriefly(loop);
    assertEquals(1, q.statistics().putters());
    assertEquals(1, q.getNowait());
    assertEquals(0, q.statistics().putters(), "the get popped and woke the putter");
    assertFalse(putter.done(), "it resumes on the next pass, not inside getNowait()");
    runBriefly(loop);
    assertTrue(putter.done());
    assertEquals(2, q.getNowait());
  }

  @Coroutine
  static Coro<Integer> getLogged(Queue<Integer> q, List<String> log) {
    log.add("started");
    int res = await(q.get());
    log.add("finished");
    return done(res);
  }

  /** test_queues.py QueueGetTests.test_blocking_get_wait: on virtual time. */
  @Test
  void getWaitsUntilAnItemIsPut() {
    Queue<Integer> q = new Queue<>();
    List<String> log = new ArrayList<>();
    Task<Integer> t = loop.createTask(getLogged(q, log));
    runBriefly(loop);
    assertEquals(List.of("started"), log);
    double t0 = loop.time();
    loop.callLater(0.01, () -> q.putNowait(1));
    assertEquals(1, loop.runUntilComplete(t));
    assertEquals(List.of("started", "finished"), log);
    assertEquals(0.01, loop.time() - t0, 1e-9);
  }

  /** test_queues.py QueueGetTests.test_get_cancelled_race. */
  @Test
  void aGetterCancelledWhileWaitingLeavesTheItemToTheNext() {
    Queue<String> q = new Queue<>();
    Task<String> t1 = loop.createTask(q.get());
    Task<String> t2 = loop.createTask(q.get());
    runBriefly(loop);
    assertEquals(2, q.statistics().getters());
    t1.cancel();
    runBriefly(loop);
    assertTrue(t1.done());
    assertTrue(t1.cancelled());
    assertEquals(1, q.statistics().getters(), "the cancelled getter left the waiters");
    q.putNowait("a");
    runBriefly(loop);
    assertEquals("a", t2.result());
  }

  @Coroutine
  static Coro<List<String>> getTwoWithWaitingPutters() {
    Queue<String> q = new Queue<>(1);
    createTask(q.put("a"));
    createTask(q.put("b"));
    List<String> got = new ArrayList<>();
    got.add(await(q.get()));
    got.add(await(q.get()));
    return done(got);
  }

  /** test_queues.py QueueGetTests.test_get_with_waiting_putters. */
  @Test
  void getsTakeTheItemsOfWaitingPuttersInOrder() {
    assertEquals(List.of("a", "b"), runVirtual(getTwoWithWaitingPutters()));
  }

  @Coroutine
  static Coro<Void> consume(Queue<Integer> q, int expected) {
    for (int i = 0; i < expected; i++) {
      await(q.get());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> produce(Queue<Integer> q, int items) {
    for (int i = 0; i < items; i++) {
      await(q.put(i));
    }
    return done();
  }

  @Coroutine
  static Coro<Void> producerAndConsumer(TaskGroup g, Queue<Integer> q) {
    g.createTask(produce(q, 5));
    g.createTask(consume(q, 5));
    return done();
  }

  @Coroutine
  static Coro<Integer> whyAreGettersWaiting() {
    Queue<Integer> q = new Queue<>(1);
    await(TaskGroup.run(g -> producerAndConsumer(g, q)));
    return done(q.qsize());
  }

  /** test_queues.py QueueGetTests.test_why_are_getters_waiting: no getter is left stranded. */
  @Test
  void aProducerAndAConsumerOnASizeOneQueueBothFinish() {
    assertEquals(0, runVirtual(whyAreGettersWaiting()));
  }

  @Coroutine
  static Coro<Integer> timedOutGet() {
    Queue<Integer> q = new Queue<>(5);
    try {
      await(waitFor(q.get(), 0.1));
      fail("no TimeoutError");
    } catch (TimeoutError expected) {
      // the get was cancelled by the timeout
    }
    return done(q.statistics().getters());
  }

  /** test_queues.py QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters. */
  @Test
  void aTimedOutGetIsNotHeldInTheGetters() {
    assertEquals(0, runVirtual(timedOutGet()));
  }

  // ------------------------------------------------------------------ readers cancelled

  @Coroutine
  static Coro<Integer> dropOnePendingReader() {
    Queue<Integer> q = new Queue<>();
    Task<Integer> reader = createTask(q.get());
    await(sleep(0));
    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();
    try {
      await(reader);
    } catch (CancelledError e) {
      reader = createTask(q.get()); // try again
      await(reader);
    }
    return done(reader.result());
  }

  /** test_queues.py QueuePutTests.test_get_cancel_drop_one_pending_reader: 2 means 1 was lost. */
  @Test
  void aReaderCancelledAfterItsWakeupDropsNoItem() {
    assertEquals(1, runVirtual(dropOnePendingReader()));
  }

  @Coroutine
  static Coro<Void> threeReaders(TaskGroup g, Queue<Integer> q, List<Task<Integer>> readers) {
    for (int i = 0; i < 3; i++) {
      readers.add(g.createTask(q.get()));
    }
    await(sleep(0));
    q.putNowait(1);
    q.putNowait(2);
    readers.get(0).cancel();
    try {
      await(readers.get(0));
      fail("reader 1 was not cancelled");
    } catch (CancelledError expected) {
      // reader 1 passed its wakeup on to reader 3
    }
    await(readers.get(2));
    return done();
  }

  @Coroutine
  static Coro<Set<Integer>> dropManyPendingReaders() {
    Queue<Integer> q = new Queue<>();
    List<Task<Integer>> readers = new ArrayList<>();
    await(TaskGroup.run(g -> threeReaders(g, q, readers)));
    return done(Set.of(readers.get(1).result(), readers.get(2).result()));
  }

  /**
   * test_queues.py QueuePutTests.test_get_cancel_drop_many_pending_readers. Which reader gets
   * which item is left open, as in CPython.
   */
  @Test
  void aCancelledReaderAmongManyDropsNoItem() {
    assertEquals(Set.of(1, 2), runVirtual(dropManyPendingReaders()));
  }

  // ------------------------------------------------------------------ wakeup and cancel races

  /**
   * A getter cancelled in the same pass in which a put woke it: it raises CancelledError without
   * the item, and hands the wakeup to the next getter, which gets the item one pass later.
   */
  @Test
  void aGetterCancelledInThePassItWasWokenHandsTheItemOn() {
    Queue<String> q = new Queue<>();
    Task<String> g1 = loop.createTask(q.get());
    Task<String> g2 = loop.createTask(q.get());
    runBriefly(loop);
    assertEquals(2, q.statistics().getters());

    q.putNowait("a"); // wakes g1: its future is done, its step queued
    assertEquals(1, q.statistics().getters(), "g1 popped, g2 still waiting");
    assertTrue(g1.cancel(), "g1's waiter is done: the cancellation is delivered at its step");

    runBriefly(loop); // g1 steps: CancelledError instead of the item, the wakeup goes to g2
    assertTrue(g1.cancelled());
    assertFalse(g2.done(), "g2 was woken but has not run yet");
    assertEquals(0, q.statistics().getters(), "g2 popped by the handed-on wakeup");
    assertEquals(1, q.qsize(), "the item is still there");

    runBriefly(loop);
    assertEquals("a", g2.result());
    assertTrue(q.empty());
  }

  /**
   * The same race when the item was taken by someone else before the cancelled getter ran:
   * nothing is left to hand on, so the next getter keeps waiting (CPython's {@code if not
   * self.empty()}).
   */
  @Test
  void aCancelledWokenGetterWakesNobodyWhenTheItemIsGone() {
    Queue<String> q = new Queue<>();
    Task<String> g1 = loop.createTask(q.get());
    Task<String> g2 = loop.createTask(q.get());
    runBriefly(loop);
    q.putNowait("a");
    g1.cancel();
    assertEquals("a", q.getNowait(), "a get that need not wait takes the item first");
    runBriefly(loop);
    assertTrue(g1.cancelled());
    assertEquals(1, q.statistics().getters(), "g2 still waits");
    runBriefly(loop);
    assertFalse(g2.done());
    q.putNowait("b");
    runBriefly(loop);
    assertEquals("b", g2.result());
  }

  /**
   * A woken getter whose item was taken by a get that did not wait (Python allows this barging)
   * waits again, at the back of the line.
   */
  @Test
  void aWokenGetterWhoseItemWasTakenWaitsAgainAtTheBack() {
    Queue<String> q = new Queue<>();
    Task<String> g1 = loop.createTask(q.get());
    Task<String> g2 = loop.createTask(q.get());
    runBriefly(loop);
    q.putNowait("a"); // wakes g1
    assertEquals("a", q.getNowait(), "barging: the item goes before g1 runs");
    runBriefly(loop); // g1 finds the queue empty and waits again, behind g2
    assertFalse(g1.done());
    assertEquals(2, q.statistics().getters());
    q.putNowait("b");
    q.putNowait("c");
    runBriefly(loop);
    assertEquals("b", g2.result(), "g2 is now first in line");
    assertEquals("c", g1.result());
  }

  /**
   * A put racing with the cancellation of a getter that has not been woken: the cancelled
   * getter's future is skipped and the item goes to the next getter (CPython's {@code
   * _wakeup_next} skipping done futures).
   */
  @Test
  void aPutAfterAGetterIsCancelledSkipsItsFuture() {
    Queue<String> q = new Queue<>();
    Task<String> g1 = loop.createTask(q.get());
    Task<String> g2 = loop.createTask(q.get());
    runBriefly(loop);
    g1.cancel(); // cancels g1's future; g1 has not run its cleanup yet
    assertEquals(2, q.statistics().getters(), "removed only when g1 runs");
    q.putNowait("a"); // skips g1's cancelled future, wakes g2
    assertEquals(0, q.statistics().getters());
    runBriefly(loop);
    assertTrue(g1.cancelled());
    assertEquals("a", g2.result());
  }

  /** Many getters cancelled at once, one left: the item reaches it and no future is held. */
  @Test
  void cancellingManyGettersStrandsNoItemAndHoldsNoFuture() {
    Queue<Integer> q = new Queue<>();
    List<Task<Integer>> getters = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      getters.add(loop.createTask(q.get()));
    }
    runBriefly(loop);
    assertEquals(100, q.statistics().getters());
    q.putNowait(7); // wakes getter 0
    for (int i = 0; i < 99; i++) {
      getters.get(i).cancel(); // getter 0 is cancelled after its wakeup, the rest while waiting
    }
    runBriefly(loop); // 0 hands its wakeup on to 99, the first getter not cancelled
    runBriefly(loop);
    for (int i = 0; i < 99; i++) {
      assertTrue(getters.get(i).cancelled(), "getter " + i);
    }
    assertEquals(7, getters.get(99).result());
    assertEquals(new Queue.Statistics(0, 0, 0, 0, 1, false), q.statistics());
  }

  /** A get task cancelled before its first step never registers a getter and takes nothing. */
  @Test
  void aGetCancelledBeforeItStartsTakesNothing() {
    Queue<String> q = new Queue<>();
    Task<String> early = loop.createTask(q.get());
    early.cancel();
    Task<String> later = loop.createTask(q.get());
    q.putNowait("a");
    runBriefly(loop);
    assertTrue(early.cancelled());
    assertEquals("a", later.result());
    assertEquals(new Queue.Statistics(0, 0, 0, 0, 1, false), q.statistics());
  }

  @Coroutine
  static Coro<Integer> closeAWaitingGet() {
    Queue<Integer> q = new Queue<>();
    Coro<Integer> get = q.get();
    Object awaited = get.send(null); // runs it to its wait by hand, outside any task
    assertInstanceOf(Future.class, awaited);
    assertEquals(1, q.statistics().getters());
    get.close(); // GeneratorExit at the wait: the getter's future is cancelled and removed
    assertTrue(((Future<?>) awaited).cancelled());
    return done(q.statistics().getters());
  }

  /** Closing a get coroutine that waits (Python's {@code coro.close()}) leaves no waiter behind. */
  @Test
  void closingAWaitingGetRemovesItsWaiter() {
    assertEquals(0, runVirtual(closeAWaitingGet()));
  }
}
