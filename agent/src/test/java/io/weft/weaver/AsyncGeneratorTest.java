package io.weft.weaver;

import static io.weft.weaver.testing.Driver.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.AsyncGenerator;
import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.GeneratorExit;
import io.weft.StopAsyncIteration;
import io.weft.StopIteration;
import io.weft.internal.AsyncGenHooks;
import io.weft.internal.Frame;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Python's async generator protocol (PEP 525) on woven async generators: {@code anext}, {@code
 * asend}, {@code athrow}, {@code aclose}, {@code async for}, the already-running error, PEP 479's
 * rules, the first-iteration hook, and awaits inside the body reaching the driving task. Mirrors
 * what CPython's test_asyncgen checks. Driven by hand as the event loop's task will drive them.
 */
class AsyncGeneratorTest {
  static final Fixture F = Fixture.of("AG", """
      import java.util.concurrent.CompletableFuture;
      public class AG {
        public static final List<String> log = new ArrayList<>();

        // yields 0..n-1, awaiting `gate` before each
        @Coroutine
        static AsyncGenerator<Integer> ticker(int n, CompletableFuture<Object> gate) {
          try {
            for (int i = 0; i < n; i++) {
              log.add("await " + i + " " + Asyncio.await(gate));
              AsyncGenerator.yield(i);
            }
          } finally {
            log.add("finally");
          }
          return AsyncGenerator.done();
        }

        @Coroutine
        static AsyncGenerator<Object> echo() {
          Object got = AsyncGenerator.yield("ready");
          while (true) {
            try {
              got = AsyncGenerator.yield("got " + got);
            } catch (IllegalArgumentException e) {
              got = "caught " + e.getMessage();
            }
          }
        }

        // its finally awaits, as Python's async with/finally may
        @Coroutine
        static AsyncGenerator<Integer> cleanup(CompletableFuture<Object> closing) {
          try {
            AsyncGenerator.yield(1);
            AsyncGenerator.yield(2);
          } finally {
            log.add("closing " + Asyncio.await(closing));
          }
          return AsyncGenerator.done();
        }

        @Coroutine
        static AsyncGenerator<Integer> stubborn() {
          try {
            AsyncGenerator.yield(1);
          } catch (GeneratorExit e) {
            AsyncGenerator.yield(2);
          }
          return AsyncGenerator.done();
        }

        @Coroutine
        static AsyncGenerator<Integer> leaks(boolean async) {
          AsyncGenerator.yield(1);
          if (async) throw new StopAsyncIteration();
          throw new StopIteration(null);
        }

        // async for over another async generator, nested `depth` deep
        @Coroutine
        static AsyncGenerator<Integer> nest(int depth) {
          if (depth == 0) {
            AsyncGenerator.yield(0);
            return AsyncGenerator.done();
          }
          for (var it = nest(depth - 1); Asyncio.await(it.hasNext()); ) {
            AsyncGenerator.yield(it.next() + 1);
          }
          return AsyncGenerator.done();
        }

        @Coroutine
        static Coro<List<Object>> collect(AsyncGenerator<?> agen) {
          List<Object> out = new ArrayList<>();
          for (var it = agen; Asyncio.await(it.hasNext()); ) {
            out.add(it.next());
          }
          return Asyncio.done(out);
        }

        @Coroutine
        static Coro<Object> awaitIt(Coro<?> c) {
          return Asyncio.done(Asyncio.await(c));
        }

        @Coroutine
        static Coro<Object> catching(Coro<?> c) {
          try {
            return Asyncio.done(Asyncio.await(c));
          } catch (StopAsyncIteration e) {
            return Asyncio.done("StopAsyncIteration");
          }
        }
      }
      """);

  @BeforeEach
  @AfterEach
  void clearLog() {
    log().clear();
  }

  static AsyncGenerator<Object> agen(String name, Object... args) {
    return F.call(name, args);
  }

  /** Awaits {@code c} in a woven coroutine driven as a task, completing futures with values. */
  static Object await(Coro<?> c, Object... values) {
    return run(F.call("awaitIt", c), values);
  }

  @Test
  void anextRunsToTheNextYieldAndTheBodysAwaitsReachTheTask() {
    CompletableFuture<Object> gate = new CompletableFuture<>();
    AsyncGenerator<Object> g = agen("ticker", 2, gate);
    assertEquals(CoroutineState.CREATED, g.state());
    Coro<Object> task = F.call("awaitIt", g.anext());
    Frame root = (Frame) task;
    assertSame(gate, root.advance(null, null), "the body's await goes out to the task");
    assertEquals(CoroutineState.SUSPENDED, g.state());
    gate.complete("open");
    assertSame(Frame.RETURNED, root.advance("open", null));
    assertEquals(0, root.takeResult(), "the yield completes the awaited anext()");
    assertEquals(1, await(g.anext()), "the gate is open: no suspension");
    assertEquals("StopAsyncIteration", run(F.call("catching", g.anext())));
    assertEquals(CoroutineState.CLOSED, g.state());
    assertEquals(List.of("await 0 open", "await 1 open", "finally"), log());
    assertThrows(StopAsyncIteration.class, () -> await(g.anext()), "and on every later anext()");
  }

  @Test
  void asyncForIsAForLoopOverAwaitedHasNext() {
    assertEquals(List.of(0, 1, 2), run(F.call("collect", agen("ticker", 3,
        new CompletableFuture<>())), "a"));
    assertEquals(List.of("await 0 a", "await 1 a", "await 2 a", "finally"), log(),
        "suspended at the first await only: then the gate is open");
  }

  @Test
  void hasNextThenNext() {
    AsyncGenerator<Object> g = agen("echo");
    assertThrows(NoSuchElementException.class, g::next);
    assertEquals(true, await(g.hasNext()));
    assertEquals(true, await(g.hasNext()), "a fetched value waits: true again, nothing runs");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(g.anext()));
    assertEquals("a value fetched by hasNext() has not been taken by next(): call next() first",
        e.getMessage());
    assertEquals("ready", g.next());
    assertThrows(NoSuchElementException.class, g::next);
  }

  @Test
  void asendDeliversTheValueToThePendingYield() {
    AsyncGenerator<Object> g = agen("echo");
    IllegalArgumentException early =
        assertThrows(IllegalArgumentException.class, () -> await(g.asend("x")));
    assertEquals("can't send non-null value to a just-started async generator",
        early.getMessage());
    assertEquals("ready", await(g.asend(null)));
    assertEquals("got 1", await(g.asend(1)));
    assertEquals("got null", await(g.anext()));
  }

  @Test
  void athrowRaisesAtThePendingYield() {
    AsyncGenerator<Object> g = agen("echo");
    assertEquals("ready", await(g.anext()));
    assertEquals("got null", await(g.anext()));
    assertEquals("got caught boom", await(g.athrow(new IllegalArgumentException("boom"))),
        "caught by the body: the next yielded value");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> await(g.athrow(new IllegalStateException("uncaught"))));
    assertEquals("uncaught", e.getMessage());
    assertEquals(CoroutineState.CLOSED, g.state());
    assertNull(await(g.athrow(new IllegalStateException("late"))),
        "CPython: athrow() of a finished async generator evaluates to None");
  }

  @Test
  void athrowBeforeTheFirstIterationClosesWithoutRunningTheBody() {
    AsyncGenerator<Object> g = agen("ticker", 1, new CompletableFuture<>());
    assertThrows(IllegalStateException.class,
        () -> await(g.athrow(new IllegalStateException("early"))));
    assertEquals(CoroutineState.CLOSED, g.state());
    assertEquals(List.of(), log());
  }

  @Test
  void acloseRunsFinallyBlocksThatAwait() {
    CompletableFuture<Object> closing = new CompletableFuture<>();
    AsyncGenerator<Object> g = agen("cleanup", closing);
    assertEquals(1, await(g.anext()));
    Coro<Object> task = F.call("awaitIt", g.aclose());
    Frame root = (Frame) task;
    assertSame(closing, root.advance(null, null), "the finally block's await reaches the task");
    closing.complete("done");
    assertSame(Frame.RETURNED, root.advance("done", null));
    assertNull(root.takeResult(), "await aclose() evaluates to null");
    assertEquals(CoroutineState.CLOSED, g.state());
    assertEquals(List.of("closing done"), log());
    assertNull(await(g.aclose()), "closing again does nothing");
  }

  @Test
  void acloseBeforeTheFirstIterationRunsNothing() {
    AsyncGenerator<Object> g = agen("cleanup", new CompletableFuture<>());
    assertNull(await(g.aclose()));
    assertEquals(CoroutineState.CLOSED, g.state());
    assertEquals(List.of(), log());
  }

  @Test
  void yieldingWhileClosingIsAnError() {
    AsyncGenerator<Object> g = agen("stubborn");
    await(g.anext());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> await(g.aclose()));
    assertEquals("async generator ignored GeneratorExit", e.getMessage());
  }

  @Test
  void aSecondCallWhileOneIsInFlightIsAlreadyRunning() {
    CompletableFuture<Object> gate = new CompletableFuture<>();
    AsyncGenerator<Object> g = agen("ticker", 2, gate);
    Frame first = (Frame) (Object) F.call("awaitIt", g.anext());
    assertSame(gate, first.advance(null, null));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(g.anext()));
    assertEquals("anext(): asynchronous generator is already running", e.getMessage());
    IllegalStateException t = assertThrows(IllegalStateException.class,
        () -> await(g.athrow(new RuntimeException())));
    assertEquals("athrow(): asynchronous generator is already running", t.getMessage());
    IllegalStateException c = assertThrows(IllegalStateException.class, () -> await(g.aclose()));
    assertEquals("aclose(): asynchronous generator is already running", c.getMessage());
    gate.complete("go");
    assertSame(Frame.RETURNED, first.advance("go", null));
    assertEquals(0, first.takeResult(), "the first call was not disturbed");
  }

  @Test
  void anAwaitedAnextCannotBeAwaitedAgain() {
    AsyncGenerator<Object> g = agen("echo");
    Coro<Object> next = g.anext();
    assertEquals("ready", await(next));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(next));
    assertEquals("cannot reuse already awaited __anext__()/asend()", e.getMessage());
  }

  @Test
  void stopAsyncIterationAndStopIterationEscapingTheBodyBecomeErrors() {
    AsyncGenerator<Object> a = agen("leaks", true);
    await(a.anext());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(a.anext()));
    assertEquals("async generator raised StopAsyncIteration", e.getMessage());
    assertInstanceOf(StopAsyncIteration.class, e.getCause());
    AsyncGenerator<Object> s = agen("leaks", false);
    await(s.anext());
    IllegalStateException f = assertThrows(IllegalStateException.class, () -> await(s.anext()));
    assertEquals("async generator raised StopIteration", f.getMessage());
  }

  @Test
  void cancellingTheTaskRaisesInsideTheBodyAtItsAwait() {
    CompletableFuture<Object> gate = new CompletableFuture<>();
    Frame task = (Frame) (Object) F.call("collect", agen("ticker", 3, gate));
    assertSame(gate, task.advance(null, null));
    java.util.concurrent.CancellationException cancel =
        new java.util.concurrent.CancellationException("cancelled");
    assertSame(cancel, assertThrows(java.util.concurrent.CancellationException.class,
        () -> task.advance(null, cancel)));
    assertEquals(List.of("finally"), log(), "the body's finally ran on the way out");
  }

  @Test
  void closingTheAwaitingCoroutineClosesTheGenerator() {
    CompletableFuture<Object> gate = new CompletableFuture<>();
    AsyncGenerator<Object> g = agen("ticker", 3, gate);
    Frame task = (Frame) (Object) F.call("collect", g);
    assertSame(gate, task.advance(null, null));
    task.close();
    assertEquals(List.of("finally"), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void theFirstIterationIsReportedToTheLoopsHookOnce() {
    List<AsyncGenerator<?>> seen = new ArrayList<>();
    AsyncGenHooks.FIRST_ITER.set(seen::add);
    try {
      AsyncGenerator<Object> g = agen("echo");
      assertEquals(List.of(), seen, "creating it is not iterating it");
      Coro<Object> first = g.anext();
      assertEquals(List.of(g), seen);
      await(first);
      await(g.anext());
      await(g.aclose());
      assertEquals(List.of(g), seen);
    } finally {
      AsyncGenHooks.FIRST_ITER.remove();
    }
  }

  @Test
  void aHundredThousandNestedAsyncForLoopsRunWithoutDeepRecursion() {
    assertEquals(List.of(100_000), run(F.call("collect", agen("nest", 100_000))));
  }

  @Test
  void theAnextObjectIsACoroutineAHandDriverCanSendTo() {
    CompletableFuture<Object> gate = new CompletableFuture<>();
    AsyncGenerator<Object> g = agen("ticker", 1, gate);
    Coro<Object> next = g.anext();
    assertSame(gate, next.send(null));
    StopIteration stop = assertThrows(StopIteration.class, () -> next.send("x"));
    assertEquals(0, stop.value());
    assertThrows(StopAsyncIteration.class, () -> g.anext().send(null));
  }

  @Test
  void toStringNamesTheMethodAndState() {
    AsyncGenerator<Object> g = agen("echo");
    assertEquals("<async generator AG.echo CREATED>", g.toString());
    assertTrue(g.anext().toString().startsWith("<async_generator_asend of <async generator"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> log() {
    try {
      return (List<String>) F.type().getField("log").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
