package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.WaitResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncio.wait}: CPython's test_tasks.py BaseTaskTests.test_wait*. Every class inherits
 * {@code Object.wait}, which hides a static import of {@code Asyncio.wait}: call it qualified.
 */
class WaitTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  @Coroutine
  static Coro<Void> raiseNow() {
    throw new ArithmeticException("err");
  }

  @Coroutine
  static Coro<Void> raiseAfter(double delay) {
    await(sleep(delay));
    throw new ArithmeticException("err");
  }

  @Coroutine
  static Coro<Void> firstExceptionAlreadyThere() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<Void> a = createTask(sleep(10.0));
    Task<Void> b = createTask(raiseNow());
    WaitResult<Task<Void>> r =
        await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, FIRST_EXCEPTION));
    assertEquals(Set.of(b), r.done());
    assertEquals(Set.of(a), r.pending());
    assertEquals(t0, loop.time(), "returned without waiting for a");
    assertFalse(a.cancelled(), "wait never cancels");
    a.cancel();
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait_first_exception. */
  @Test
  void firstExceptionReturnsAsSoonAsOneFails() {
    runVirtual(firstExceptionAlreadyThere());
  }

  @Coroutine
  static Coro<Void> firstExceptionWhileWaiting() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<Void> a = createTask(sleep(10.0));
    Task<Void> b = createTask(raiseAfter(0.01));
    WaitResult<Task<Void>> r =
        await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, FIRST_EXCEPTION));
    assertEquals(Set.of(b), r.done());
    assertEquals(Set.of(a), r.pending());
    assertEquals(0.01, loop.time() - t0, 1e-9);
    a.cancel();
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait_first_exception_in_wait. */
  @Test
  void firstExceptionDuringTheWait() {
    runVirtual(firstExceptionWhileWaiting());
  }

  @Coroutine
  static Coro<Void> allCompleted() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<Void> a = createTask(sleep(0.1));
    Task<Void> b = createTask(sleep(0.15));
    WaitResult<Task<Void>> r = await(Asyncio.wait(List.of(b, a)));
    assertEquals(Set.of(a, b), r.done());
    assertEquals(Set.of(), r.pending());
    assertEquals(0.15, loop.time() - t0, 1e-9);
    assertEquals(List.of(b, a), new ArrayList<>(r.done()), "sets keep argument order");
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait. */
  @Test
  void allCompletedWaitsForEveryFuture() {
    runVirtual(allCompleted());
  }

  @Coroutine
  static Coro<Void> firstCompleted() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<Void> a = createTask(sleep(10.0));
    Task<Void> b = createTask(sleep(0.1));
    WaitResult<Task<Void>> r =
        await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, FIRST_COMPLETED));
    assertEquals(Set.of(b), r.done());
    assertEquals(Set.of(a), r.pending());
    assertEquals(0.1, loop.time() - t0, 1e-9);
    assertFalse(a.done());
    a.cancel();
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait_first_completed. */
  @Test
  void firstCompletedReturnsAfterOne() {
    runVirtual(firstCompleted());
  }

  @Coroutine
  static Coro<Void> withTimeout() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<Void> a = createTask(sleep(0.1));
    Task<Void> b = createTask(sleep(0.15));
    WaitResult<Task<Void>> r = await(Asyncio.wait(List.of(a, b), 0.11, ALL_COMPLETED));
    assertEquals(Set.of(a), r.done());
    assertEquals(Set.of(b), r.pending());
    assertEquals(0.11, loop.time() - t0, 1e-9);
    assertFalse(b.cancelled(), "a timeout neither raises nor cancels");
    await(b);
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait_with_timeout. */
  @Test
  void timeoutReturnsThePendingOnesWithoutRaising() {
    runVirtual(withTimeout());
  }

  @Coroutine
  static Coro<Void> withException() {
    Task<Void> a = createTask(sleep(0.1));
    Task<Void> b = createTask(raiseAfter(0.15));
    WaitResult<Task<Void>> r = await(Asyncio.wait(List.of(b, a)));
    assertEquals(2, r.done().size());
    assertInstanceOf(ArithmeticException.class, b.exception(), "wait itself does not raise");
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_wait_with_exception. */
  @Test
  void aFailedFutureIsJustDone() {
    runVirtual(withException());
  }

  @Coroutine
  static Coro<Void> cancelledWaiter(Future<Void> f, List<String> log) {
    try {
      await(Asyncio.wait(List.of(f)));
    } catch (io.weft.CancelledError e) {
      log.add("wait cancelled");
      throw e;
    }
    return done();
  }

  @Coroutine
  static Coro<Void> cancelTheWait(List<String> log) {
    Future<Void> f = getRunningLoop().createFuture();
    Task<Void> waiter = createTask(cancelledWaiter(f, log));
    await(sleep(0));
    waiter.cancel();
    await(Asyncio.wait(List.of(waiter)));
    log.add("future cancelled: " + f.cancelled());
    f.setResult(null);
    await(sleep(0));
    log.add("end");
    return done();
  }

  /** Cancelling the task in wait() stops the wait only: the futures it watched keep running. */
  @Test
  void cancellingTheWaitDoesNotCancelTheFutures() {
    List<String> log = new ArrayList<>();
    runVirtual(cancelTheWait(log));
    assertEquals(List.of("wait cancelled", "future cancelled: false", "end"), log);
  }

  /** test_tasks.py BaseTaskTests.test_wait_errors and test_wait_invalid_args: bad input. */
  @Test
  void badArgumentsAreRefusedWhenCalled() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<?>>of()));
    assertEquals("Set of Tasks/Futures is empty.", empty.getMessage());
    assertThrows(NullPointerException.class, () -> Asyncio.wait((List<Future<?>>) null));
    assertThrows(NullPointerException.class, () -> Asyncio.wait(Arrays.asList((Future<?>) null)));
    assertThrows(NullPointerException.class,
        () -> Asyncio.wait(List.<Future<?>>of(), 1.0, null));

    Coro<Void> coro = sleep(10.0);
    IllegalArgumentException coroutine =
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(coro)));
    assertTrue(coroutine.getMessage().startsWith(
        "Passing coroutines is forbidden, use tasks explicitly."), coroutine.getMessage());
    coro.close();
  }
}
