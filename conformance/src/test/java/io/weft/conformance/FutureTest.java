package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.InvalidStateError;
import io.weft.StopIteration;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Future state machine (PENDING → FINISHED | CANCELLED), translated from CPython's {@code
 * Lib/test/test_asyncio/test_futures.py}. Each test names the CPython test it mirrors.
 */
class FutureTest extends VirtualLoopTest {
  final List<String> log = new ArrayList<>();

  /** test_futures.py BaseFutureTests.test_initial_state */
  @Test
  void initialState() {
    Future<Integer> f = loop.createFuture();
    assertFalse(f.cancelled());
    assertFalse(f.done());
    assertSame(loop, f.getLoop());
    assertTrue(f.cancel());
    assertTrue(f.cancelled());
    assertTrue(f.done());
  }

  /** test_futures.py BaseFutureTests.test_cancel */
  @Test
  void cancel() {
    Future<Integer> f = loop.createFuture();
    assertTrue(f.cancel("why"));
    assertTrue(f.cancelled());
    assertTrue(f.done());
    CancelledError e = assertThrows(CancelledError.class, f::result);
    assertEquals("why", e.getMessage());
    assertThrows(CancelledError.class, f::exception);
    assertThrows(InvalidStateError.class, () -> f.setResult(null));
    assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
    assertFalse(f.cancel(), "cancelling twice does nothing");
  }

  /** test_futures.py BaseFutureTests.test_result */
  @Test
  void result() {
    Future<Integer> f = loop.createFuture();
    InvalidStateError pending = assertThrows(InvalidStateError.class, f::result);
    assertEquals("Result is not ready.", pending.getMessage());
    f.setResult(42);
    assertFalse(f.cancelled());
    assertTrue(f.done());
    assertEquals(42, f.result());
    assertNull(f.exception());
    InvalidStateError twice = assertThrows(InvalidStateError.class, () -> f.setResult(43));
    assertEquals("invalid state: <Future finished result=42> is already done",
        twice.getMessage());
    assertFalse(f.cancel());
    assertEquals(42, f.result(), "the first result stays");
  }

  /** test_futures.py BaseFutureTests.test_exception */
  @Test
  void exception() {
    IllegalStateException exc = new IllegalStateException("boom");
    Future<Integer> f = loop.createFuture();
    InvalidStateError pending = assertThrows(InvalidStateError.class, f::exception);
    assertEquals("Exception is not set.", pending.getMessage());
    f.setException(exc);
    assertFalse(f.cancelled());
    assertTrue(f.done());
    assertSame(exc, assertThrows(IllegalStateException.class, f::result));
    assertSame(exc, f.exception());
    assertThrows(InvalidStateError.class, () -> f.setResult(null));
    assertFalse(f.cancel());
  }

  /** test_futures.py BaseFutureTests.test_stop_iteration_exception */
  @Test
  void stopIterationException() {
    Future<Integer> f = loop.createFuture();
    f.setException(new StopIteration(null));
    IllegalStateException e = assertThrows(IllegalStateException.class, f::result);
    assertTrue(e.getMessage().contains("StopIteration interacts badly"), e.getMessage());
    assertTrue(e.getCause() instanceof StopIteration);
  }

  /** test_futures.py BaseFutureTests.test_cancelled_result / result() of a cancelled future */
  @Test
  void resultOfCancelledFuture() {
    Future<Integer> f = loop.createFuture();
    f.cancel();
    CancelledError e = assertThrows(CancelledError.class, f::result);
    assertNull(e.getMessage());
  }

  /** test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result */
  @Test
  void callbacksRunLaterInOrder() {
    Future<String> f = loop.createFuture();
    f.addDoneCallback(x -> log.add("a " + x.result()));
    f.addDoneCallback(x -> log.add("b " + x.result()));
    f.addDoneCallback(x -> log.add("c " + x.result()));
    f.setResult("done");
    assertEquals(List.of(), log, "set_result schedules callbacks, it does not call them");
    runBriefly(loop);
    assertEquals(List.of("a done", "b done", "c done"), log);
  }

  /** test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_exception */
  @Test
  void callbacksOnSetException() {
    Future<String> f = loop.createFuture();
    f.addDoneCallback(x -> log.add(x.exception().getMessage()));
    f.setException(new IllegalArgumentException("bad"));
    runBriefly(loop);
    assertEquals(List.of("bad"), log);
  }

  /** test_futures.py BaseFutureTests.test_future_add_done_callback_on_done (scheduled, not run) */
  @Test
  void callbackAddedToDoneFutureIsScheduled() {
    Future<String> f = loop.createFuture();
    f.setResult("x");
    f.addDoneCallback(x -> log.add("late " + x.result()));
    assertEquals(List.of(), log);
    runBriefly(loop);
    assertEquals(List.of("late x"), log);
  }

  /** test_futures.py BaseFutureDoneCallbackTests.test_remove_done_callback */
  @Test
  void removeDoneCallback() {
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> a = x -> log.add("a");
    Consumer<Future<String>> b = x -> log.add("b");
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    assertEquals(2, f.removeDoneCallback(a), "every registration is removed");
    assertEquals(0, f.removeDoneCallback(a));
    f.setResult("x");
    runBriefly(loop);
    assertEquals(List.of("b"), log);
  }

  /** test_futures.py BaseFutureTests.test_future_repr */
  @Test
  void repr() {
    Future<Integer> f = loop.createFuture();
    assertEquals("<Future pending>", f.toString());
    f.setResult(3);
    assertEquals("<Future finished result=3>", f.toString());
    Future<Integer> g = loop.createFuture();
    g.cancel();
    assertEquals("<Future cancelled>", g.toString());
  }

  @Coroutine
  static Coro<Integer> awaitIt(Future<Integer> f) {
    int v = await(f);
    return done(v * 2);
  }

  /** test_futures.py BaseFutureTests.test_await / test_yield_from_twice: a task resumes later */
  @Test
  void awaitingTaskResumesOnTheNextPass() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(awaitIt(f));
    runBriefly(loop);
    f.setResult(21);
    loop.callSoon(() -> log.add("callback scheduled after the result"));
    f.addDoneCallback(x -> log.add("done callback"));
    t.addDoneCallback(x -> log.add("task done"));
    loop.runUntilComplete(t);
    assertEquals(42, t.result());
    // the task's wake-up was scheduled by setResult, before the two callbacks
    assertEquals(List.of("callback scheduled after the result", "done callback", "task done"),
        log);
  }

  // ------------------------------------------------------------------ never retrieved

  /** Collects exception-handler contexts; stops the loop when one arrives. */
  static final class Reports implements EventLoop.ExceptionHandler {
    final List<Map<String, Object>> contexts = new ArrayList<>();

    @Override
    public void handle(EventLoop loop, Map<String, Object> context) {
      contexts.add(context);
      loop.stop();
    }
  }

  /**
   * Runs the loop, calling System.gc() every 10 ms (up to 30 s), until the handler got a report.
   * Garbage collection runs in real time: this is the one wait that cannot be virtual.
   */
  static void collectUntilReported(EventLoop loop, Reports reports) {
    int[] tries = {0};
    Runnable[] gc = new Runnable[1];
    gc[0] = () -> {
      if (!reports.contexts.isEmpty() || tries[0]++ > 3000) {
        loop.stop();
        return;
      }
      System.gc();
      loop.callLater(0.01, gc[0]);
    };
    loop.callSoon(gc[0]);
    loop.runForever();
  }

  private void failUnread(EventLoop loop) {
    Future<Integer> f = loop.createFuture();
    f.setException(new IllegalArgumentException("nobody reads me"));
  }

  /** test_futures.py BaseFutureTests.test_future_exception_never_retrieved */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void futureExceptionNeverRetrieved() {
    try (EventLoop real = new EventLoop()) {
      Reports reports = new Reports();
      real.setExceptionHandler(reports);
      failUnread(real);
      collectUntilReported(real, reports);
      assertEquals(1, reports.contexts.size(), "reported once: " + reports.contexts);
      Map<String, Object> ctx = reports.contexts.get(0);
      assertEquals("Future exception was never retrieved", ctx.get("message"));
      assertEquals("nobody reads me", ((Throwable) ctx.get("exception")).getMessage());
    }
  }

  @Coroutine
  static Coro<Void> fails() {
    throw new IllegalArgumentException("task failed, nobody asked");
  }

  /** test_futures.py test_future_exception_never_retrieved, for a Task ("Task exception ...") */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void taskExceptionNeverRetrieved() {
    try (EventLoop real = new EventLoop()) {
      Reports reports = new Reports();
      real.setExceptionHandler(reports);
      real.createTask(fails());
      runBriefly(real);
      collectUntilReported(real, reports);
      assertEquals(1, reports.contexts.size(), "reported once: " + reports.contexts);
      assertEquals("Task exception was never retrieved", reports.contexts.get(0).get("message"));
    }
  }

  private void failRead(EventLoop loop) {
    Future<Integer> f = loop.createFuture();
    f.setException(new IllegalArgumentException("read"));
    f.exception();
  }

  /** test_futures.py BaseFutureTests.test_future_exception_never_retrieved_... once read, silent */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void retrievedExceptionIsNotReported() {
    try (EventLoop real = new EventLoop()) {
      Reports reports = new Reports();
      real.setExceptionHandler(reports);
      failRead(real);
      // a second, unread one is the marker that collection did happen
      failUnread(real);
      collectUntilReported(real, reports);
      runBriefly(real);
      assertEquals(1, reports.contexts.size(), "only the unread one: " + reports.contexts);
      assertEquals("nobody reads me",
          ((Throwable) reports.contexts.get(0).get("exception")).getMessage());
    }
  }
}
