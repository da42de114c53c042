package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loops.runBriefly;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code asyncio.shield}: CPython's test_tasks.py BaseTaskTests.test_shield*. */
class ShieldTest {
  private final EventLoop loop = Loops.virtual();
  private final List<Map<String, Object>> reported = new ArrayList<>();

  @BeforeEach
  void captureReports() {
    loop.setExceptionHandler((l, context) -> reported.add(context));
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** test_tasks.py BaseTaskTests.test_shield_result. */
  @Test
  void outerGetsTheInnerResult() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    inner.setResult(42);
    assertEquals(42, loop.runUntilComplete(outer));
  }

  /** test_tasks.py BaseTaskTests.test_shield_exception. */
  @Test
  void outerGetsTheInnerException() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    IllegalStateException exc = new IllegalStateException("expected");
    inner.setException(exc);
    runBriefly(loop);
    assertSame(exc, outer.exception());
  }

  /** test_tasks.py BaseTaskTests.test_shield_cancel_inner: the shield does not hide that. */
  @Test
  void cancellingTheInnerCancelsTheOuter() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    inner.cancel();
    runBriefly(loop);
    assertTrue(outer.cancelled());
  }

  /** test_tasks.py BaseTaskTests.test_shield_cancel_outer. */
  @Test
  void cancellingTheOuterLeavesTheInnerAlone() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    assertTrue(outer.cancelled());
    assertFalse(inner.cancelled());
    inner.setResult(1);
    runBriefly(loop);
    assertTrue(outer.cancelled(), "a late inner result does not touch the cancelled outer");
  }

  /** test_tasks.py BaseTaskTests.test_shield_cancel_outer_result: a result is not reported. */
  @Test
  void innerResultAfterOuterCancelIsNotReported() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    inner.setResult(1);
    runBriefly(loop);
    assertEquals(List.of(), reported);
  }

  /**
   * test_tasks.py BaseTaskTests.test_shield_cancel_outer_exception: nobody can receive the
   * inner's failure any more, so it goes to the exception handler (Python 3.14).
   */
  @Test
  void innerExceptionAfterOuterCancelIsReported() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    IllegalStateException foo = new IllegalStateException("foo");
    inner.setException(foo);
    runBriefly(loop);
    assertEquals(1, reported.size());
    assertEquals("IllegalStateException exception in shielded future",
        reported.get(0).get("message"));
    assertSame(foo, reported.get(0).get("exception"));
    assertSame(inner, reported.get(0).get("future"));
  }

  /** test_tasks.py BaseTaskTests.test_shield_duplicate_log_once. */
  @Test
  void twoCancelledShieldsReportOnce() {
    Future<Integer> inner = loop.createFuture();
    Future<Integer> outer = shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    outer = shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    inner.setException(new IllegalStateException("foo"));
    runBriefly(loop);
    assertEquals(1, reported.size());
  }

  /** test_tasks.py BaseTaskTests.test_shield_shortcut: a done future is returned as it is. */
  @Test
  void aDoneFutureIsReturnedAsItIs() {
    Future<Integer> fut = loop.createFuture();
    fut.setResult(42);
    assertSame(fut, shield(fut));
    assertEquals(42, loop.runUntilComplete(shield(fut)));
  }

  @Coroutine
  static Coro<Void> innerWork(Future<Void> waiter, int[] proof) {
    await(waiter);
    proof[0] += 1;
    return done();
  }

  @Coroutine
  static Coro<Void> outerWork(Future<Void> waiter, int[] proof) {
    await(shield(innerWork(waiter, proof)));
    proof[0] += 100;
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_shield_effect: cancelling outer() does not affect inner(). */
  @Test
  void cancellingTheCallerDoesNotCancelTheShieldedCoroutine() {
    int[] proof = {0};
    Future<Void> waiter = loop.createFuture();
    Task<Void> f = loop.createTask(outerWork(waiter, proof));
    runBriefly(loop);
    f.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    waiter.setResult(null);
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(1, proof[0], "inner finished; outer did not go on");
  }

  /** test_tasks.py BaseTaskTests.test_shield_gather: a shielded gather is not cancelled. */
  @Test
  void shieldedGatherIsNotCancelled() {
    Future<Integer> child1 = loop.createFuture();
    Future<Integer> child2 = loop.createFuture();
    Future<List<Integer>> parent = gather(List.of(child1, child2));
    Future<List<Integer>> outer = shield(parent);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    assertTrue(outer.cancelled());
    child1.setResult(1);
    child2.setResult(2);
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(List.of(1, 2), parent.result());
  }

  /** Bad input: shield(null). */
  @Test
  void nullIsRefused() {
    assertThrows(NullPointerException.class, () -> shield(null));
  }
}
