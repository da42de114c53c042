package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.CoroutineState;
import io.weft.Generator;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Python's generator protocol on woven generators: send, throw, close, StopIteration, the
 * already-executing error, and yield from. Mirrors the behaviour CPython's test_generators
 * checks.
 */
class GeneratorProtocolTest {
  static final Fixture F = Fixture.of("Gens", """
      public class Gens {
        public static final List<String> log = new ArrayList<>();
        static Generator<Object> self;

        @Coroutine
        static Generator<Object> echo() {
          Object got = null;
          while (true) {
            got = Generator.yield("got " + got);
            if ("stop".equals(got)) return Generator.done("stopped");
          }
        }

        @Coroutine
        static Generator<Integer> guarded() {
          try {
            log.add("start");
            Generator.yield(1);
            log.add("after 1");
            Generator.yield(2);
            return Generator.done("end");
          } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
            Generator.yield(99);
            return Generator.done("recovered");
          } finally {
            log.add("finally");
          }
        }

        @Coroutine
        static Generator<Integer> stubborn() {
          try {
            Generator.yield(1);
          } finally {
            Generator.yield(2); // yields while closing: Python's "ignored GeneratorExit"
          }
          return Generator.done();
        }

        @Coroutine
        static Generator<Integer> catchesExit() {
          try {
            Generator.yield(1);
          } catch (GeneratorExit e) {
            log.add("exit seen");
            throw e;
          }
          return Generator.done();
        }

        @Coroutine
        static Generator<Object> reenter() {
          Generator.yield(1);
          Generator.yield(self.send(null));
          return Generator.done();
        }

        @Coroutine
        static Generator<Integer> inner(int base) {
          try {
            int sent = Generator.<Integer>yield(base);
            Generator.yield(base + sent);
            return Generator.done(base * 10);
          } finally {
            log.add("inner finally " + base);
          }
        }

        @Coroutine
        static Generator<Integer> outer() {
          try {
            int r = Generator.yieldFrom(inner(1));
            log.add("inner returned " + r);
            Object fromList = Generator.yieldFrom(List.of(7, 8));
            log.add("list gave " + fromList);
            return Generator.done(r + 1);
          } finally {
            log.add("outer finally");
          }
        }

        @Coroutine
        static Generator<Integer> chain(int depth) {
          if (depth == 0) {
            Generator.yield(-1);
            Generator.yield(-2);
            return Generator.done(0);
          }
          int below = Generator.yieldFrom(chain(depth - 1));
          return Generator.done(below + 1);
        }

        @Coroutine
        static Generator<Object> leaksStop() {
          Generator.yield(1);
          throw new StopIteration("oops");
        }

        @Coroutine
        static Generator<Object> yieldsInFinally() {
          try {
            Generator.yield(1);
          } finally {
            Generator.yield(2);
          }
          return Generator.done();
        }

        @Coroutine
        static Generator<Object> guardsDelegate() {
          try {
            Generator.yieldFrom(yieldsInFinally());
          } finally {
            log.add("outer finally");
          }
          return Generator.done();
        }

        @Coroutine
        static Generator<Object> five() {
          return Generator.done(5);
        }

        @Coroutine
        static Generator<Object> delegatesWhileClosing() {
          try {
            Generator.yield(1);
          } finally {
            log.add("x=" + Generator.yieldFrom(five()));
          }
          return Generator.done();
        }

        @Coroutine
        static Generator<Integer> delegatesTo(Generator<Integer> g) {
          Object r = Generator.yieldFrom(g);
          return Generator.done(r);
        }
      }
      """);

  @SuppressWarnings("unchecked")
  private static List<String> log() {
    try {
      return (List<String>) F.type().getField("log").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T gen(String name, Object... args) {
    log().clear();
    return F.call(name, args);
  }

  @Test
  void callingACoroutineRunsNothing() {
    Generator<Integer> g = gen("guarded");
    assertEquals(CoroutineState.CREATED, g.state());
    assertEquals(List.of(), log());
  }

  @Test
  void sendDeliversTheValueToThePendingYield() {
    // test_generators: the send protocol
    Generator<Object> g = gen("echo");
    assertEquals("got null", g.send(null));
    assertEquals("got a", g.send("a"));
    assertEquals("got 42", g.send(42));
    assertEquals(CoroutineState.SUSPENDED, g.state());
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send("stop"));
    assertEquals("stopped", stop.value());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void sendingNonNullToAJustStartedGeneratorFails() {
    // TypeError: can't send non-None value to a just-started generator
    Generator<Object> g = gen("echo");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.send(1));
    assertEquals("can't send non-null value to a just-started generator", e.getMessage());
    assertEquals(CoroutineState.CREATED, g.state());
  }

  @Test
  void sendingToAFinishedGeneratorRaisesStopIterationAgain() {
    Generator<Object> g = gen("echo");
    g.send(null);
    assertThrows(StopIteration.class, () -> g.send("stop"));
    StopIteration again = assertThrows(StopIteration.class, () -> g.send(null));
    assertNull(again.value());
  }

  @Test
  void throwInIsCaughtByTheBodysOwnHandler() {
    Generator<Integer> g = gen("guarded");
    assertEquals(1, g.send(null));
    assertEquals(99, g.throwIn(new IllegalArgumentException("bad")));
    assertEquals(List.of("start", "caught bad"), log());
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
    assertEquals("recovered", stop.value());
    assertEquals(List.of("start", "caught bad", "finally"), log());
  }

  @Test
  void throwInThatIsNotCaughtRunsFinallyAndPropagates() {
    Generator<Integer> g = gen("guarded");
    g.send(null);
    IllegalStateException thrown = new IllegalStateException("boom");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.throwIn(thrown));
    assertSame(thrown, e);
    assertEquals(List.of("start", "finally"), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void throwInBeforeStartRaisesWithoutRunningTheBody() {
    Generator<Integer> g = gen("guarded");
    assertThrows(IllegalArgumentException.class, () -> g.throwIn(new IllegalArgumentException()));
    assertEquals(List.of(), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void checkedExceptionsCanBeThrownIn() {
    Generator<Integer> g = gen("guarded");
    g.send(null);
    Exception checked = new java.io.IOException("disk");
    Exception e = assertThrows(Exception.class, () -> g.throwIn(checked));
    assertSame(checked, e);
  }

  @Test
  void closeRunsFinallyBlocks() {
    Generator<Integer> g = gen("guarded");
    g.send(null);
    g.close();
    assertEquals(List.of("start", "finally"), log());
    assertEquals(CoroutineState.CLOSED, g.state());
    g.close(); // closing twice does nothing
    assertThrows(StopIteration.class, () -> g.send(null));
  }

  @Test
  void closeBeforeStartRunsNothing() {
    Generator<Integer> g = gen("guarded");
    g.close();
    assertEquals(List.of(), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void theBodySeesGeneratorExitAsAnError() {
    Generator<Integer> g = gen("catchesExit");
    g.send(null);
    g.close();
    assertEquals(List.of("exit seen"), log());
    assertFalse(Exception.class.isAssignableFrom(GeneratorExit.class),
        "catch (Exception e) must not swallow GeneratorExit, as except Exception does not");
  }

  @Test
  void yieldingWhileClosingIsAnError() {
    // RuntimeError: generator ignored GeneratorExit
    Generator<Integer> g = gen("stubborn");
    g.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
    assertEquals("generator ignored GeneratorExit", e.getMessage());
  }

  @Test
  void reenteringARunningGeneratorFails() throws Exception {
    // ValueError: generator already executing
    Generator<Object> g = gen("reenter");
    java.lang.reflect.Field self = F.type().getDeclaredField("self");
    self.setAccessible(true);
    self.set(null, g);
    g.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send(null));
    assertEquals("generator already executing", e.getMessage());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void iterationUsesHasNextAndNext() {
    Generator<Integer> g = gen("guarded");
    assertTrue(g.hasNext());
    assertTrue(g.hasNext(), "hasNext does not advance twice");
    assertEquals(1, g.next());
    assertEquals(2, g.next());
    assertFalse(g.hasNext());
    assertThrows(NoSuchElementException.class, g::next);
    assertEquals(List.of("start", "after 1", "finally"), log());
  }

  @Test
  void sendWhileAValueFetchedByHasNextIsPendingFails() {
    Generator<Integer> g = gen("guarded");
    assertTrue(g.hasNext());
    assertThrows(IllegalStateException.class, () -> g.send(null));
    assertEquals(1, g.next());
  }

  @Test
  void yieldFromForwardsSendsAndReturnsTheDelegatesResult() {
    Generator<Integer> g = gen("outer");
    assertEquals(1, g.send(null));
    assertEquals(6, g.send(5)); // inner: base + sent
    assertEquals(7, g.send(null)); // from the list
    assertEquals(8, g.send(null));
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
    assertEquals(11, stop.value());
    assertEquals(List.of("inner finally 1", "inner returned 10", "list gave null",
        "outer finally"), log());
  }

  @Test
  void closeThroughYieldFromClosesTheDelegateFirst() {
    Generator<Integer> g = gen("outer");
    g.send(null);
    g.close();
    assertEquals(List.of("inner finally 1", "outer finally"), log());
  }

  @Test
  void aDelegateIgnoringGeneratorExitRaisesInTheDelegator() {
    // PEP 380 / gen_close_iter: the inner close() fails, and the error is raised in the outer
    // generator at its yield from, so its finally block runs and it ends closed.
    Generator<Object> g = gen("guardsDelegate");
    g.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
    assertEquals("generator ignored GeneratorExit", e.getMessage());
    assertEquals(List.of("outer finally"), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void aDelegationStartedWhileClosingRunsNormally() {
    Generator<Object> g = gen("delegatesWhileClosing");
    g.send(null);
    g.close();
    assertEquals(List.of("x=5"), log());
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void throwInThroughYieldFromReachesTheInnermostYield() {
    Generator<Integer> g = gen("outer");
    g.send(null);
    IllegalArgumentException e = new IllegalArgumentException("x");
    assertSame(e, assertThrows(IllegalArgumentException.class, () -> g.throwIn(e)));
    assertEquals(List.of("inner finally 1", "outer finally"), log());
  }

  @Test
  void aHundredThousandDeepYieldFromNeitherOverflowsNorSlowsDown() {
    Generator<Integer> g = gen("chain", 100_000);
    assertEquals(-1, g.send(null));
    assertEquals(-2, g.send(null));
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
    assertEquals(100_000, stop.value());
  }

  @Test
  void aHundredThousandDeepChainClosesWithoutDeepRecursion() {
    Generator<Integer> g = gen("chain", 100_000);
    assertEquals(-1, g.send(null));
    g.close();
    assertEquals(CoroutineState.CLOSED, g.state());
  }

  @Test
  void stopIterationLeakingFromTheBodyBecomesAnError() {
    // PEP 479: RuntimeError("generator raised StopIteration")
    Generator<Object> g = gen("leaksStop");
    g.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send(null));
    assertEquals("generator raised StopIteration", e.getMessage());
    assertInstanceOf(StopIteration.class, e.getCause());
  }

  @Test
  void yieldFromAFinishedGeneratorEvaluatesToNull() {
    Generator<Integer> done = gen("chain", 0);
    done.forEach(x -> { });
    Generator<Integer> g = F.call("delegatesTo", done);
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send(null));
    assertNull(stop.value());
  }

  @Test
  void yieldFromAHandWrittenGeneratorUsesItsProtocol() {
    List<Object> received = new ArrayList<>();
    Generator<Integer> handWritten = new Generator<>() {
      int n;

      @Override
      public Integer send(Object value) {
        received.add(value);
        if (n == 2) {
          throw new StopIteration("hand done");
        }
        return ++n;
      }

      @Override
      public Integer throwIn(Throwable error) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}

      @Override
      public CoroutineState state() {
        return CoroutineState.SUSPENDED;
      }

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return send(null);
      }
    };
    Generator<Integer> g = F.call("delegatesTo", handWritten);
    assertEquals(1, g.send(null));
    assertEquals(2, g.send("a"));
    StopIteration stop = assertThrows(StopIteration.class, () -> g.send("b"));
    assertEquals("hand done", stop.value());
    assertEquals(java.util.Arrays.asList(null, "a", "b"), received);
  }

  @Test
  void aGeneratorCannotBeDelegatedToTwiceAtOnce() {
    Generator<Integer> shared = gen("inner", 1);
    Generator<Integer> a = F.call("delegatesTo", shared);
    Generator<Integer> b = F.call("delegatesTo", shared);
    a.send(null);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.send(null));
    assertEquals("generator is already being delegated to by another generator", e.getMessage());
  }

  @Test
  void toStringNamesTheMethodAndState() {
    Generator<Integer> g = gen("guarded");
    assertEquals("<generator Gens.guarded CREATED>", g.toString());
  }
}
