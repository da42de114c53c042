package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.AsyncGenerator;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Runner;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Async generators, async lambdas and task stacks driven by the real loop (the weaver's own
 * tests drive them by hand).
 */
class AsyncGeneratorLoopTest {
  private final List<String> log = new ArrayList<>();

  private static EventLoop virtualLoop() {
    return new EventLoop(Clock.virtual());
  }

  @Coroutine
  AsyncGenerator<Integer> ticker(int n, double every) {
    try {
      for (int i = 0; i < n; i++) {
        await(sleep(every));
        AsyncGenerator.yield(i);
      }
    } finally {
      log.add("ticker finally at t=" + getRunningLoop().time());
      await(sleep(0.5)); // a finally block may await while the generator closes
      log.add("ticker closed at t=" + getRunningLoop().time());
    }
    return AsyncGenerator.done();
  }

  @Coroutine
  Coro<Integer> sumTicks(int n) {
    int sum = 0;
    for (AsyncGenerator<Integer> it = ticker(n, 1.0); await(it.hasNext()); ) {
      int tick = it.next();
      log.add("tick " + tick + " at t=" + getRunningLoop().time());
      sum += tick;
    }
    return done(sum);
  }

  /** Python's {@code async for} over an async generator that sleeps between values. */
  @Test
  void asyncForOverAnAsyncGeneratorThatSleeps() {
    int sum = run(sumTicks(3), null, AsyncGeneratorLoopTest::virtualLoop);
    assertEquals(3, sum);
    assertEquals(List.of("tick 0 at t=1.0", "tick 1 at t=2.0", "tick 2 at t=3.0",
        "ticker finally at t=3.0", "ticker closed at t=3.5"), log);
  }

  @Coroutine
  Coro<Void> takeTwoThenAclose() {
    AsyncGenerator<Integer> gen = ticker(10, 1.0);
    log.add("got " + await(gen.anext()));
    log.add("got " + await(gen.anext()));
    await(gen.aclose());
    log.add("after aclose at t=" + getRunningLoop().time());
    return done();
  }

  /** aclose() runs the generator's finally block, which may itself await. */
  @Test
  void acloseRunsFinallyBlocksThatAwait() {
    run(takeTwoThenAclose(), null, AsyncGeneratorLoopTest::virtualLoop);
    assertEquals(List.of("got 0", "got 1", "ticker finally at t=2.0", "ticker closed at t=2.5",
        "after aclose at t=2.5"), log);
  }

  @Coroutine
  Coro<Integer> abandonGenerator() {
    AsyncGenerator<Integer> gen = ticker(10, 1.0);
    int first = await(gen.anext());
    log.add("abandoned after " + first);
    return done(first); // never closed: asyncio.run's shutdown_asyncgens must close it
  }

  /**
   * test_base_events / test_runners: {@code asyncio.run} closes the async generators still open
   * ({@code loop.shutdown_asyncgens()}), running their finally blocks.
   */
  @Test
  void runClosesAsyncGeneratorsLeftOpen() {
    int first = run(abandonGenerator(), null, AsyncGeneratorLoopTest::virtualLoop);
    assertEquals(0, first);
    assertEquals(List.of("abandoned after 0", "ticker finally at t=1.0", "ticker closed at t=1.5"),
        log);
  }

  /** An async lambda: a lambda returning Coro that awaits, run as a task. */
  @Test
  void asyncLambdasRunAsTasks() {
    Function<Integer, Coro<Integer>> doubleLater = x -> {
      await(sleep(2.0));
      return done(2 * x);
    };
    Supplier<Coro<String>> main = () -> {
      Task<Integer> a = createTask(doubleLater.apply(20));
      int r = await(a) + await(doubleLater.apply(1));
      return done(r + " at t=" + getRunningLoop().time());
    };
    assertEquals("42 at t=4.0", run(main.get(), null, AsyncGeneratorLoopTest::virtualLoop));
  }

  @Coroutine
  static Coro<Void> innermost() {
    await(sleep(10));
    return done();
  }

  @Coroutine
  static Coro<Void> middle() {
    await(innermost());
    return done();
  }

  @Coroutine
  static Coro<Void> outer() {
    await(middle());
    return done();
  }

  /** test_tasks BaseTaskTests.test_get_stack: the chain of awaiting coroutines, outermost first. */
  @Test
  void getStackShowsTheAwaitChainWithSourceLines() {
    try (Runner runner = new Runner(null, AsyncGeneratorLoopTest::virtualLoop)) {
      EventLoop loop = runner.getLoop();
      Task<Void> task = loop.createTask(outer());
      loop.callLater(1.0, loop::stop);
      loop.runForever();
      List<StackTraceElement> stack = task.getStack();
      assertEquals(List.of("outer", "middle", "innermost"),
          stack.stream().map(StackTraceElement::getMethodName).toList());
      for (StackTraceElement e : stack) {
        assertEquals("AsyncGeneratorLoopTest.java", e.getFileName());
        assertTrue(e.getLineNumber() > 0, e.toString());
      }
      assertEquals(1, task.getStack(1).size());
      task.cancel();
      assertThrows(io.weft.CancelledError.class, () -> loop.runUntilComplete(task));
      assertEquals(List.of(), task.getStack());
    }
  }
}
