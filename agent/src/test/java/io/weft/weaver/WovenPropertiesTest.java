package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Generator;
import io.weft.StopIteration;
import io.weft.weaver.testing.Fixture;
import io.weft.weaver.testing.InMemoryJavac;
import io.weft.weaver.testing.WovenClasses;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Properties of woven code beyond its results: traces, idempotence, memory, fast paths. */
class WovenPropertiesTest {
  static final String SOURCE = """
      import java.util.concurrent.CompletableFuture;
      public class P {
        @Coroutine
        static Generator<Object> failsAfterResume(int divisor) {
          Generator.yield("before");
          int x = 10 / divisor;
          return Generator.done(x);
        }

        @Coroutine
        static Generator<Object> dropsItsArgument(Object tracked) {
          Generator.yield(tracked.hashCode());
          Generator.yield("argument is dead now");
          return Generator.done();
        }

        @Coroutine
        static Generator<Object> keepsItsArgument(Object tracked) {
          Generator.yield(1);
          Generator.yield(tracked.hashCode());
          return Generator.done();
        }

        @Coroutine
        static Coro<Integer> addLater(CompletableFuture<Integer> a, CompletableFuture<Integer> b) {
          int x = Asyncio.await(a);
          int y = Asyncio.await(b);
          return Asyncio.done(x + y);
        }

        @Coroutine
        static Coro<Integer> outer(CompletableFuture<Integer> a, CompletableFuture<Integer> b) {
          int sum = Asyncio.await(addLater(a, b));
          return Asyncio.done(sum * 2);
        }

        @Coroutine
        static Coro<Object> failing(CompletableFuture<Object> f) {
          try {
            return Asyncio.done(Asyncio.await(f));
          } catch (IllegalStateException e) {
            return Asyncio.done("caught " + e.getMessage());
          }
        }
      }
      """;
  static final Fixture F = Fixture.of("P", SOURCE);

  @Test
  void anExceptionAfterResumingShowsTheUsersSourceLine() {
    Generator<Object> g = F.call("failsAfterResume", 0);
    g.send(null);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> g.send(null));
    StackTraceElement top = e.getStackTrace()[0];
    assertEquals("P", top.getClassName());
    assertEquals("failsAfterResume", top.getMethodName());
    assertEquals("P.java", top.getFileName());
    assertEquals(8, top.getLineNumber()); // int x = 10 / divisor; (two imports precede SOURCE)
  }

  @Test
  void weavingIsIdempotentAndDeterministic() {
    Map<String, byte[]> compiled = InMemoryJavac.compile(Map.of("P", "import io.weft.*;\n"
        + SOURCE), 17);
    Map<String, byte[]> once = WovenClasses.weaveAll(compiled);
    Map<String, byte[]> again = WovenClasses.weaveAll(compiled);
    assertArrayEquals(once.get("P"), again.get("P"), "same input, same bytes");
    assertFalse(Weaver.isWoven(compiled.get("P")));
    assertTrue(Weaver.isWoven(once.get("P")));
    Weaver weaver = new Weaver(ClassHierarchy.of(getClass().getClassLoader()));
    assertNull(weaver.weave(once.get("P")), "a woven class is never woven twice");
  }

  @Test
  void aClassWovenForAnotherAbiIsRefused() {
    Map<String, byte[]> compiled = InMemoryJavac.compile(Map.of("P", "import io.weft.*;\n"
        + SOURCE), 17);
    byte[] woven = WovenClasses.weaveAll(compiled).get("P");
    byte[] otherAbi = AbiPatch.withAbi(woven, 999);
    Weaver weaver = new Weaver(ClassHierarchy.of(getClass().getClassLoader()));
    WeaveException e = assertThrows(WeaveException.class, () -> weaver.weave(otherAbi));
    assertEquals("P (P.java): the class was woven for Weft ABI 999, this weaver writes ABI 4."
        + " Fix: rebuild it from source with one Weft version (a clean build).", e.getMessage());
  }

  @Test
  void classesWithoutWeftReferencesAreNotEvenParsed() {
    byte[] plain = InMemoryJavac.compile(Map.of("Q", "public class Q { int x; }"), 17).get("Q");
    assertFalse(Weaver.isCandidate(plain));
    assertNull(new Weaver(ClassHierarchy.of(null)).weave(plain));
  }

  @Test
  void reflectionWorksBeforeTheFirstCall() {
    Fixture fresh = Fixture.of("P", SOURCE);
    assertTrue(fresh.type().getDeclaredMethods().length >= 6);
  }

  @Test
  void aSuspendedGeneratorDoesNotPinDeadReferences() {
    WeakReference<Object> dead = suspendWith("dropsItsArgument", 2);
    assertTrue(collected(dead), "the argument is dead after the first yield and must be freed");
  }

  @Test
  void aSuspendedGeneratorKeepsLiveReferences() {
    Generator<Object>[] holder = new Generator[1];
    WeakReference<Object> live = suspendWith("keepsItsArgument", 1, holder);
    assertFalse(collected(live), "the argument is still needed and must be kept");
    assertNotNull(holder[0]);
  }

  private static WeakReference<Object> suspendWith(String method, int steps) {
    return suspendWith(method, steps, new Generator[1]);
  }

  @SuppressWarnings("unchecked")
  private static WeakReference<Object> suspendWith(String method, int steps,
      Generator<Object>[] holder) {
    Object tracked = new Object();
    Generator<Object> g = F.call(method, tracked);
    for (int i = 0; i < steps; i++) {
      g.send(null);
    }
    holder[0] = g;
    return new WeakReference<>(tracked);
  }

  private static boolean collected(WeakReference<Object> ref) {
    for (int i = 0; i < 20 && ref.get() != null; i++) {
      System.gc();
      Thread.onSpinWait();
    }
    return ref.get() == null;
  }

  @Test
  void awaitingADoneFutureDoesNotSuspend() {
    Coro<Integer> c = F.call("addLater", CompletableFuture.completedFuture(2),
        CompletableFuture.completedFuture(3));
    StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
    assertEquals(5, stop.value());
  }

  @Test
  void awaitingAPendingFutureHandsItToTheDriver() {
    CompletableFuture<Integer> a = new CompletableFuture<>();
    CompletableFuture<Integer> b = CompletableFuture.completedFuture(3);
    Coro<Integer> c = F.call("outer", a, b);
    assertSame(a, c.send(null), "the innermost await's future goes out through outer");
    assertEquals(CoroutineState.SUSPENDED, c.state());
    StopIteration stop = assertThrows(StopIteration.class, () -> c.send(4));
    assertEquals(14, stop.value());
  }

  @Test
  void aFailedFutureRaisesItsExceptionUnwrappedAtTheAwait() {
    CompletableFuture<Object> f = CompletableFuture.failedFuture(new IllegalStateException("x"));
    Coro<Object> c = F.call("failing", f);
    StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
    assertEquals("caught x", stop.value());
  }

  @Test
  void aFinishedCoroutineCannotBeReused() {
    Coro<Integer> c = F.call("addLater", CompletableFuture.completedFuture(1),
        CompletableFuture.completedFuture(1));
    assertThrows(StopIteration.class, () -> c.send(null));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.send(null));
    assertEquals("cannot reuse already awaited coroutine", e.getMessage());
  }

  @Test
  void suspensionMethodsFailClearlyInCodeThatWasNotWoven() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Generator.yield(1));
    assertTrue(e.getMessage().startsWith("Generator.yield was called from io.weft.weaver"
        + ".WovenPropertiesTest.lambda$suspensionMethodsFailClearlyInCodeThatWasNotWoven$"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("which was not woven. Mark the method @Coroutine"
        + " (returning Generator, Coro or AsyncGenerator) and weave it: at build time with weft-maven-plugin"
        + " (goal weave), or at load time with java -javaagent:weft-agent.jar."),
        e.getMessage());
  }
}
