package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Generator;
import io.weft.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Async stack traces: an exception leaving a coroutine shows, after the frames of the code that
 * raised it, the await sites of the coroutines it travels through, innermost first, as Python's
 * traceback shows every frame an exception crosses through {@code await}. Lines are found by the
 * {@code // site:} markers of this file, so the tests survive edits above them.
 */
class AsyncStackTraceTest {
  private static final String SELF = "io.weft.conformance.AsyncStackTraceTest";
  private static final String FILE = "AsyncStackTraceTest.java";

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, () -> new EventLoop(Clock.virtual()));
  }

  // ------------------------------------------------------------------ a three-deep chain

  @Coroutine
  static Coro<Integer> c3() {
    await(sleep(0));
    throw new IllegalStateException("boom"); // site: c3 raises
  }

  @Coroutine
  static Coro<Integer> c2() {
    int x = await(c3()); // site: c2 awaits c3
    return done(x);
  }

  @Coroutine
  static Coro<Integer> c1() {
    int x = await(c2()); // site: c1 awaits c2
    return done(x);
  }

  /** The three coroutines, innermost first, each at its line, before the driver's frames. */
  @Test
  void threeDeepChainShowsEachAwaitWithItsLine() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(c1()));
    StackTraceElement[] trace = e.getStackTrace();
    assertEquals(at("c3", "c3 raises"), trace[0].toString());
    assertEquals(at("c2", "c2 awaits c3"), trace[1].toString());
    assertEquals(at("c1", "c1 awaits c2"), trace[2].toString());
    assertTrue(trace[3].getClassName().startsWith(SELF + "$$c3$"), trace[3].toString());
    assertEquals("io.weft.internal.Frame", trace[4].getClassName(), trace[4].toString());
  }

  /** What printStackTrace prints: the first lines read as a plain Java stack. */
  @Test
  void printedTraceReadsAsAJavaStack() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(c1()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.printStackTrace(new PrintStream(out, true, StandardCharsets.UTF_8));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().limit(4)
        .collect(Collectors.toList());
    assertEquals(List.of(
        "java.lang.IllegalStateException: boom",
        "\tat " + at("c3", "c3 raises"),
        "\tat " + at("c2", "c2 awaits c3"),
        "\tat " + at("c1", "c1 awaits c2")), lines);
  }

  // ------------------------------------------------------------------ across tasks

  @Coroutine
  static Coro<Integer> a2(Task<Integer> b) {
    int x = await(b); // site: a2 awaits task b
    return done(x);
  }

  @Coroutine
  static Coro<Integer> a1() {
    Task<Integer> b = createTask(c1(), "B");
    int x = await(a2(b)); // site: a1 awaits a2
    return done(x);
  }

  /** Task A awaits task B, which fails: B's chain, then A's, then the driver. */
  @Test
  void crossTaskShowsTheFailedTasksChainThenTheAwaitersChain() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(a1()));
    assertEquals(List.of(
        at("c3", "c3 raises"),
        at("c2", "c2 awaits c3"),
        at("c1", "c1 awaits c2"),
        at("a2", "a2 awaits task b"),
        at("a1", "a1 awaits a2")), userFrames(e));
  }

  @Coroutine
  static Coro<List<StackTraceElement>> awaitCatching(Task<Integer> b) {
    try {
      await(b); // site: awaitCatching awaits b
    } catch (IllegalStateException e) {
      return done(List.of(e.getStackTrace()));
    }
    return done(null);
  }

  @Coroutine
  static Coro<List<StackTraceElement>> viaOuter(Task<Integer> b) {
    List<StackTraceElement> trace = await(awaitCatching(b)); // site: viaOuter awaits
    return done(trace);
  }

  @Coroutine
  static Coro<List<List<StackTraceElement>>> twoAwaiters() {
    Task<Integer> b = createTask(c1(), "B");
    Task<List<StackTraceElement>> x = createTask(awaitCatching(b), "X");
    Task<List<StackTraceElement>> y = createTask(viaOuter(b), "Y");
    return done(List.of(await(x), await(y)));
  }

  /**
   * Two tasks awaiting one failed task each see its chain followed by their own only: the trace
   * the future failed with is put back before each awaiter's sites go in (Python's {@code
   * Future.result()} re-raises with the traceback saved at {@code set_exception}).
   */
  @Test
  void eachAwaiterOfAFailedTaskSeesOnlyItsOwnChain() {
    List<List<StackTraceElement>> traces = runVirtual(twoAwaiters());
    List<String> b = List.of(at("c3", "c3 raises"), at("c2", "c2 awaits c3"),
        at("c1", "c1 awaits c2"));
    List<String> x = new ArrayList<>(b);
    x.add(at("awaitCatching", "awaitCatching awaits b"));
    List<String> y = new ArrayList<>(b);
    y.add(at("awaitCatching", "awaitCatching awaits b"));
    y.add(at("viaOuter", "viaOuter awaits"));
    assertEquals(x, userFrames(traces.get(0)));
    assertEquals(y, userFrames(traces.get(1)));
  }

  @Coroutine
  static Coro<int[]> awaitFailedFutureRepeatedly(Future<Integer> failed, int times) {
    int[] lengths = new int[times];
    for (int i = 0; i < times; i++) {
      try {
        await(failed); // done already: raised without suspending
      } catch (IllegalStateException e) {
        lengths[i] = e.getStackTrace().length;
      }
      await(sleep(0));
    }
    return done(lengths);
  }

  /** A failed future awaited again and again: its exception's trace does not grow. */
  @Test
  void awaitingOneFailedFutureAgainAndAgainDoesNotGrowTheTrace() {
    EventLoop loop = new EventLoop(Clock.virtual());
    try {
      Future<Integer> failed = loop.createFuture();
      failed.setException(new IllegalStateException("failed once"));
      int[] lengths = loop.runUntilComplete(loop.createTask(awaitFailedFutureRepeatedly(failed,
          1000)));
      assertTrue(Arrays.stream(lengths).allMatch(n -> n == lengths[0]), Arrays.toString(lengths));
    } finally {
      loop.close();
    }
  }

  @Coroutine
  static Coro<Integer> awaitDone(Future<Integer> failed) {
    int x = await(failed); // site: awaitDone awaits a done future
    return done(x);
  }

  @Coroutine
  static Coro<Integer> awaitDoneOuter(Future<Integer> failed) {
    int x = await(awaitDone(failed)); // site: awaitDoneOuter awaits
    return done(x);
  }

  /**
   * A done future's exception, raised by {@code await} without suspending, gets the awaiting
   * coroutine's own site too: none of its code is in the exception's trace.
   */
  @Test
  void doneFutureExceptionGetsTheAwaitSite() {
    EventLoop loop = new EventLoop(Clock.virtual());
    try {
      Future<Integer> failed = loop.createFuture();
      IllegalStateException error = new IllegalStateException("failed before");
      failed.setException(error);
      Task<Integer> t = loop.createTask(awaitDoneOuter(failed));
      assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
      List<String> frames = userFrames(error);
      assertEquals(List.of(at("awaitDone", "awaitDone awaits a done future"),
          at("awaitDoneOuter", "awaitDoneOuter awaits")),
          frames.subList(frames.size() - 2, frames.size()), frames.toString());
    } finally {
      loop.close();
    }
  }

  // ------------------------------------------------------------------ caught, rethrown

  @Coroutine
  static Coro<Integer> rethrowLater() {
    try {
      return done(await(c2())); // site: rethrowLater awaits c2
    } catch (IllegalStateException e) {
      await(sleep(0));
      throw e;
    }
  }

  @Coroutine
  static Coro<Integer> aboveRethrow() {
    return done(await(rethrowLater())); // site: aboveRethrow awaits
  }

  /** Caught, suspended, raised again: the chain appears once. */
  @Test
  void caughtAndRethrownAfterASuspensionKeepsOneCopy() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runVirtual(aboveRethrow()));
    assertEquals(List.of(
        at("c3", "c3 raises"),
        at("c2", "c2 awaits c3"),
        at("rethrowLater", "rethrowLater awaits c2"),
        at("aboveRethrow", "aboveRethrow awaits")), userFrames(e));
  }

  @Coroutine
  static Coro<Integer> wrapping() {
    try {
      return done(await(c2())); // site: wrapping awaits c2
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("wrapped", e); // site: wrapping wraps
    }
  }

  @Coroutine
  static Coro<Integer> aboveWrapping() {
    return done(await(wrapping())); // site: aboveWrapping awaits
  }

  /** A new exception wrapping the caught one gets the chain above its own raise; the cause keeps its own. */
  @Test
  void wrappingExceptionGetsTheChainAboveIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> runVirtual(aboveWrapping()));
    assertEquals(List.of(at("wrapping", "wrapping wraps"), at("aboveWrapping", "aboveWrapping awaits")),
        userFrames(e));
    assertEquals(List.of(
        at("c3", "c3 raises"),
        at("c2", "c2 awaits c3"),
        at("wrapping", "wrapping awaits c2"),
        at("aboveWrapping", "aboveWrapping awaits")), userFrames(e.getCause()));
  }

  // ------------------------------------------------------------------ depth

  @Coroutine
  static Coro<Integer> chain(int n) {
    if (n == 0) {
      await(sleep(0));
      throw new IllegalStateException("deep"); // site: chain bottom
    }
    return done(await(chain(n - 1))); // site: chain awaits chain
  }

  /**
   * 100,000 awaits: one insertion of at most {@code MAX_AWAITS} sites, ended by a "further awaits
   * omitted" line; the exception then crosses the other frames without copying anything again.
   */
  @Test
  void deepChainStaysBoundedAndLinear() {
    long start = System.nanoTime();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runVirtual(chain(100_000)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    StackTraceElement[] trace = e.getStackTrace();
    assertEquals(at("chain", "chain bottom"), trace[0].toString());
    for (int i = 1; i < 1024; i++) {
      assertEquals(at("chain", "chain awaits chain"), trace[i].toString(), "element " + i);
    }
    assertEquals("io.weft.Asyncio.await(further awaits omitted, limit 1024)",
        trace[1024].toString());
    assertTrue(trace[1025].getClassName().startsWith(SELF + "$$chain$"), trace[1025].toString());
    assertTrue(trace.length < 1024 + 200, "bounded: " + trace.length);
    assertTrue(millis < 20_000, "linear, not quadratic: " + millis + " ms");
  }

  // ------------------------------------------------------------------ left alone

  @Coroutine
  static Coro<Void> sleepsLong() {
    await(sleep(3600));
    return done();
  }

  @Coroutine
  static Coro<Void> awaitsSleeper() {
    await(sleepsLong());
    return done();
  }

  /** CancelledError is control flow: it keeps the trace the loop gave it, with no await sites. */
  @Test
  void cancelledErrorIsLeftAlone() {
    EventLoop loop = new EventLoop(Clock.virtual());
    try {
      Task<Void> t = loop.createTask(awaitsSleeper());
      loop.callLater(1, t::cancel);
      CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
      assertEquals(List.of(), userFrames(e));
    } finally {
      loop.close();
    }
  }

  /** An exception without a writable stack trace. */
  static final class Quiet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Quiet() {
      super("quiet", null, false, false);
    }
  }

  @Coroutine
  static Coro<Integer> raisesQuiet() {
    await(sleep(0));
    throw new Quiet();
  }

  @Coroutine
  static Coro<Integer> awaitsQuiet() {
    return done(await(raisesQuiet()));
  }

  /** A trace that is not writable stays empty. */
  @Test
  void nonWritableStackTraceStaysEmpty() {
    Quiet e = assertThrows(Quiet.class, () -> runVirtual(awaitsQuiet()));
    assertEquals(0, e.getStackTrace().length);
  }

  // ------------------------------------------------------------------ generators

  @Coroutine
  static Generator<Integer> innerGen() {
    Generator.yield(1);
    throw new IllegalStateException("in generator"); // site: innerGen raises
  }

  @Coroutine
  static Generator<Integer> outerGen() {
    Generator.yieldFrom(innerGen()); // site: outerGen delegates
    return Generator.done();
  }

  /** Generators delegating with yieldFrom show the delegation sites, as Python's yield from does. */
  @Test
  void yieldFromChainShowsDelegationSites() {
    List<Integer> seen = new ArrayList<>();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      for (int i : outerGen()) {
        seen.add(i);
      }
    });
    assertEquals(List.of(1), seen);
    assertEquals(List.of(at("innerGen", "innerGen raises"), at("outerGen", "outerGen delegates")),
        userFrames(e));
  }

  // ------------------------------------------------------------------ helpers

  /** {@code "io.weft.conformance.AsyncStackTraceTest.m(AsyncStackTraceTest.java:N)"}. */
  private static String at(String method, String site) {
    return SELF + "." + method + "(" + FILE + ":" + lineOf(site) + ")";
  }

  /** The trace's elements in this class's own methods (not the generated frame classes). */
  private static List<String> userFrames(Throwable e) {
    return userFrames(List.of(e.getStackTrace()));
  }

  private static List<String> userFrames(List<StackTraceElement> trace) {
    return trace.stream()
        .filter(s -> s.getClassName().equals(SELF) && !s.getMethodName().startsWith("lambda$")
            && !s.getMethodName().equals("runVirtual") && !s.getMethodName().startsWith("test"))
        .map(StackTraceElement::toString)
        .filter(s -> !isTestMethod(s))
        .collect(Collectors.toList());
  }

  private static boolean isTestMethod(String element) {
    for (var m : AsyncStackTraceTest.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class) && element.startsWith(SELF + "." + m.getName() + "(")) {
        return true;
      }
    }
    return false;
  }

  /** The line of this file holding {@code // site: <site>}. */
  static int lineOf(String site) {
    return Sources.lineOf(FILE, site);
  }
}
