package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loops.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code asyncio.gather}: CPython's test_tasks.py GatherTestsBase and its subclasses. */
class GatherTest {
  private final EventLoop loop = Loops.virtual();

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** test_tasks.py GatherTestsBase.test_success (FutureGatherTests): results in argument order. */
  @Test
  void resultsComeInArgumentOrderNotCompletionOrder() {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    Future<Integer> c = loop.createFuture();
    Future<List<Integer>> fut = gather(List.of(a, b, c));
    List<Future<?>> calls = new ArrayList<>();
    fut.addDoneCallback(calls::add);

    b.setResult(1);
    a.setResult(2);
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(List.of(), calls, "not done while c is pending");
    assertFalse(fut.done());

    c.setResult(3);
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(List.of(fut), calls, "the done callback runs once");
    assertEquals(List.of(2, 1, 3), fut.result());
  }

  /** test_tasks.py GatherTestsBase.test_return_exceptions (FutureGatherTests). */
  @Test
  void returnExceptionsPutsFailuresInTheResultList() {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    Future<Integer> c = loop.createFuture();
    Future<Integer> d = loop.createFuture();
    Future<List<Integer>> fut = gather(true, List.of(a, b, c, d));
    List<Future<?>> calls = new ArrayList<>();
    fut.addDoneCallback(calls::add);
    ArithmeticException exc = new ArithmeticException("division by zero");
    IllegalStateException exc2 = new IllegalStateException();

    b.setResult(1);
    c.setException(exc);
    a.setResult(3);
    runBriefly(loop);
    runBriefly(loop);
    assertFalse(fut.done(), "an exception does not end a gather with returnExceptions");

    d.setException(exc2);
    runBriefly(loop);
    runBriefly(loop);
    assertTrue(fut.done());
    assertEquals(List.of(fut), calls);
    assertEquals(Arrays.asList(3, 1, exc, exc2), fut.result());
  }

  /**
   * test_tasks.py GatherTestsBase.test_one_exception: the first exception fails the gather at once;
   * the siblings keep running, and a later cancel() of the done gather does nothing to them.
   */
  @Test
  void firstExceptionFailsTheGatherAtOnceAndSiblingsKeepRunning() {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    Future<Integer> c = loop.createFuture();
    Future<Integer> d = loop.createFuture();
    Future<List<Integer>> fut = gather(List.of(a, b, c, d));
    ArithmeticException exc = new ArithmeticException();

    a.setResult(1);
    b.setException(exc);
    runBriefly(loop);
    assertTrue(fut.done(), "failed on the pass after b failed, without waiting for c and d");
    assertSame(exc, fut.exception());

    assertFalse(fut.cancel(), "a done gather cannot be cancelled");
    assertFalse(c.cancelled(), "and its cancel() does not reach the children");
    c.setResult(3);
    d.setException(new IllegalStateException("late, ignored"));
    runBriefly(loop);
  }

  /** test_tasks.py FutureGatherTests.test_result_exception_one_cancellation. */
  @Test
  void cancelledChildIsACancelledErrorEntryWithReturnExceptions() {
    List<Future<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      fs.add(loop.createFuture());
    }
    Future<List<Integer>> fut = gather(true, fs);
    List<Future<?>> calls = new ArrayList<>();
    fut.addDoneCallback(calls::add);

    fs.get(0).setResult(1);
    ArithmeticException zde = new ArithmeticException();
    fs.get(1).setException(zde);
    fs.get(2).cancel();
    runBriefly(loop);
    runBriefly(loop);
    assertFalse(fut.done(), "a cancelled child neither ends nor cancels the gather");

    fs.get(3).setResult(3);
    fs.get(4).cancel();
    IllegalStateException rte = new IllegalStateException();
    fs.get(5).setException(rte);
    List<Object> res = new ArrayList<>(loop.runUntilComplete(fut));
    assertInstanceOf(CancelledError.class, res.get(2));
    assertInstanceOf(CancelledError.class, res.get(4));
    res.set(2, null);
    res.set(4, null);
    assertEquals(Arrays.asList(1, zde, null, 3, null, rte), res);
    assertEquals(List.of(fut), calls);
  }

  /**
   * test_tasks.py FutureGatherTests.test_one_cancellation: without returnExceptions, a cancelled
   * child fails the gather with CancelledError; the gather itself is not cancelled.
   */
  @Test
  void cancelledChildFailsTheGatherWithCancelledError() {
    Future<Integer> a = loop.createFuture();
    Future<Integer> b = loop.createFuture();
    Future<List<Integer>> fut = gather(List.of(a, b));
    a.cancel("child went away");
    runBriefly(loop);
    assertTrue(fut.done());
    assertFalse(fut.cancelled());
    CancelledError error = assertThrows(CancelledError.class, fut::result);
    assertEquals("child went away", error.getMessage());
    assertFalse(b.done(), "the sibling is left running");
  }

  // ------------------------------------------------------------------------- coroutines

  @Coroutine
  static Coro<Void> awaitThenCount(Future<Void> waiter, int[] proof) {
    await(waiter);
    proof[0] += 1;
    return done();
  }

  @Coroutine
  static Coro<Void> gatherTwo(Task<Void> child1, Task<Void> child2, List<Future<?>> gatherer,
      int[] proof) {
    Future<List<Object>> g = gather(child1, child2);
    gatherer.add(g);
    await(g);
    proof[0] += 100;
    return done();
  }

  /** test_tasks.py CoroutineGatherTests.test_cancellation_broadcast. */
  @Test
  void cancellingTheAwaitingTaskCancelsEveryChild() {
    int[] proof = {0};
    Future<Void> waiter = loop.createFuture();
    Task<Void> child1 = loop.createTask(awaitThenCount(waiter, proof));
    Task<Void> child2 = loop.createTask(awaitThenCount(waiter, proof));
    List<Future<?>> gatherer = new ArrayList<>();
    Task<Void> f = loop.createTask(gatherTwo(child1, child2, gatherer, proof));

    runBriefly(loop);
    assertTrue(f.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    assertFalse(gatherer.get(0).cancel(), "the gather is done");
    // The first child's cancellation failed it with CancelledError, as in Python.
    assertThrows(CancelledError.class, gatherer.get(0)::result);
    assertTrue(waiter.cancelled());
    assertTrue(child1.cancelled());
    assertTrue(child2.cancelled());
    runBriefly(loop);
    assertEquals(0, proof[0]);
  }

  @Coroutine
  static Coro<Void> gatherSleepsInALoop() {
    double time = 0;
    while (true) {
      time += 0.05;
      await(gather(true, sleep(0.05)));
      if (time > 1) {
        return done();
      }
    }
  }

  @Coroutine
  static Coro<Void> cancelGatheringTask(String message) {
    Task<Void> qwe = createTask(gatherSleepsInALoop());
    await(sleep(0.2));
    qwe.cancel(message);
    await(qwe);
    return done();
  }

  /**
   * test_tasks.py BaseTaskTests.test_cancel_gather_2: cancelling a task awaiting a gather with
   * returnExceptions=true still cancels it, and the message reaches the caller.
   */
  @Test
  void cancelReachesThroughGatherWithReturnExceptionsAndKeepsTheMessage() {
    for (String message : Arrays.asList(null, "my message")) {
      CancelledError error = assertThrows(CancelledError.class,
          () -> run(cancelGatheringTask(message), null, Loops::virtual));
      assertEquals(message, error.getMessage());
    }
  }

  @Coroutine
  static Coro<String> echo(String s) {
    await(sleep(0));
    return done(s);
  }

  @Coroutine
  static Coro<List<String>> gatherDuplicate() {
    Coro<String> c = echo("abc");
    List<String> r = await(gather(List.of(c, c, echo("def"), c)));
    return done(r);
  }

  /** test_tasks.py CoroutineGatherTests.test_duplicate_coroutines: one child per awaitable. */
  @Test
  void theSameCoroutineTwiceIsOneChildWithItsResultRepeated() {
    assertEquals(List.of("abc", "abc", "def", "abc"),
        run(gatherDuplicate(), null, Loops::virtual));
  }

  @Coroutine
  static Coro<List<Object>> gatherNothing() {
    Future<List<Object>> g = gather();
    assertTrue(g.done(), "done on return");
    return done(await(g));
  }

  /** test_tasks.py GatherTestsBase.test_constructor_empty_sequence (3.14 behaviour). */
  @Test
  void noArgumentsGiveADoneFutureHoldingAnEmptyList() {
    assertEquals(List.of(), run(gatherNothing(), null, Loops::virtual));
  }

  /** Bad input: Python raises TypeError for a non-awaitable argument; null is Weft's analogue. */
  @Test
  void nullArgumentsAreRefusedBeforeAnythingStarts() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> gather((io.weft.Awaitable<?>[]) null));
    assertTrue(e.getMessage().contains("gather()"), e.getMessage());
    assertThrows(NullPointerException.class,
        () -> gather((List<io.weft.Awaitable<Object>>) null));

    Coro<String> first = echo("never started");
    e = assertThrows(NullPointerException.class,
        () -> gather(Arrays.asList(first, null)));
    assertEquals("gather() argument 1 is null: pass coroutines, tasks or futures", e.getMessage());
    assertEquals(CoroutineState.CREATED, first.state(), "no task was made for the first argument");
    first.close();
  }
}
