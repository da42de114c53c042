package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.TimeoutError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@code asyncio.as_completed} as a plain iterator: CPython's test_tasks.py test_as_completed*. */
class AsCompletedTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  @Coroutine
  static Coro<String> sleeper(double dt, String x) {
    await(sleep(dt));
    return done(x);
  }

  @Coroutine
  static Coro<List<String>> collectInCompletionOrder() {
    List<String> values = new ArrayList<>();
    for (Coro<String> f : asCompleted(
        List.of(sleeper(0.01, "b"), sleeper(0.15, "c"), sleeper(0.02, "a")))) {
      values.add(await(f));
    }
    return done(values);
  }

  /** test_tasks.py BaseTaskTests.test_as_completed: results in completion order. */
  @Test
  void resultsComeInCompletionOrder() {
    assertEquals(List.of("b", "a", "c"), runVirtual(collectInCompletionOrder()));
  }

  @Coroutine
  static Coro<List<Object>> withTimeout() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    Task<String> a = createTask(sleep(0.1, "a"));
    Task<String> b = createTask(sleep(0.15, "b"));
    List<Object> values = new ArrayList<>();
    for (Coro<String> f : asCompleted(List.of(a, b), 0.12)) {
      try {
        values.add(await(f));
      } catch (TimeoutError e) {
        values.add(e);
      }
    }
    values.add(loop.time() - t0);
    assertFalse(b.cancelled(), "the timeout cancels nothing");
    return done(values);
  }

  /** test_tasks.py BaseTaskTests.test_as_completed_with_timeout. */
  @Test
  void afterTheTimeoutEachRemainingOneRaisesTimeoutError() {
    List<Object> res = runVirtual(withTimeout());
    assertEquals(3, res.size(), res.toString());
    assertEquals("a", res.get(0));
    assertInstanceOf(TimeoutError.class, res.get(1));
    assertEquals(0.12, (Double) res.get(2), 1e-9);
  }

  @Coroutine
  static Coro<Double> unusedTimeout() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    for (Coro<String> f : asCompleted(List.of(sleep(0.01, "a")), 0.5)) {
      assertEquals("a", await(f));
    }
    return done(loop.time() - t0);
  }

  /** test_tasks.py BaseTaskTests.test_as_completed_with_unused_timeout. */
  @Test
  void aTimeoutThatDoesNotFireChangesNothing() {
    assertEquals(0.01, runVirtual(unusedTimeout()), 1e-9);
  }

  @Coroutine
  static Coro<List<Object>> reverseWait() {
    EventLoop loop = getRunningLoop();
    double t0 = loop.time();
    List<Coro<String>> futs = new ArrayList<>();
    asCompleted(List.of(sleep(0.05, "a"), sleep(0.10, "b"))).forEach(futs::add);
    assertEquals(2, futs.size());
    List<Object> out = new ArrayList<>();
    out.add(await(futs.get(1)));
    out.add(loop.time() - t0);
    out.add(await(futs.get(0)));
    out.add(loop.time() - t0);
    return done(out);
  }

  /**
   * test_tasks.py BaseTaskTests.test_as_completed_reverse_wait: whichever coroutine is awaited
   * first gets the first result.
   */
  @Test
  void theFirstCoroutineAwaitedGetsTheFirstResult() {
    List<Object> out = runVirtual(reverseWait());
    assertEquals("a", out.get(0));
    assertEquals(0.05, (Double) out.get(1), 1e-9);
    assertEquals("b", out.get(2));
    assertEquals(0.10, (Double) out.get(3), 1e-9);
  }

  @Coroutine
  static Coro<Void> iterateTooFar() {
    Iterator<Coro<String>> it = asCompleted(List.of(sleep(0, "x"))).iterator();
    Coro<String> only = it.next();
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertEquals("x", await(only));
    return done();
  }

  /** Python's iterator raises StopIteration after the last one; Java's throws as Iterators do. */
  @Test
  void theIteratorEndsAfterOneCoroutinePerAwaitable() {
    runVirtual(iterateTooFar());
  }

  /** Bad input: null collection or element. */
  @Test
  void nullIsRefused() {
    assertThrows(NullPointerException.class, () -> asCompleted(null));
    assertThrows(NullPointerException.class,
        () -> asCompleted(java.util.Arrays.asList((Coro<String>) null)));
  }
}
