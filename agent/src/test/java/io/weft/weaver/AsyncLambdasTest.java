package io.weft.weaver;

import static io.weft.weaver.testing.Driver.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Generator;
import io.weft.internal.CoroFrame;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Async lambdas: a lambda whose functional interface returns {@code Coro}, {@code Generator} or
 * {@code AsyncGenerator} and whose body suspends is woven as a coroutine without
 * {@code @Coroutine} (Python's {@code async def} has no lambda form; Java's lambda is the
 * idiom). Each is driven as the event loop's task will drive it, futures completed by hand.
 */
class AsyncLambdasTest {
  static final Fixture F = Fixture.of("Lambdas", """
      import java.util.concurrent.CompletableFuture;
      import java.util.function.*;
      public class Lambdas {
        interface AsyncFn<A, R> { Coro<R> call(A a); }
        interface Counter { Generator<Integer> count(int n); }
        interface Ticks { AsyncGenerator<Object> ticks(CompletableFuture<Object> f); }

        static Supplier<Coro<Integer>> plus(CompletableFuture<Integer> f, int k) {
          return () -> Asyncio.done(Asyncio.await(f) + k);
        }

        static Supplier<Coro<String>> primitives(CompletableFuture<Object> f, boolean z, byte b,
            char c, short s, int i, long j, float fl, double d, String str) {
          return () -> {
            Object got = Asyncio.await(f);
            return Asyncio.done(z + " " + b + " " + c + " " + s + " " + i + " " + j + " " + fl
                + " " + d + " " + str + " " + got);
          };
        }

        final String name;
        Lambdas() { this("weft"); }
        Lambdas(String name) { this.name = name; }

        Function<CompletableFuture<String>, Coro<String>> greeter() {
          return fut -> Asyncio.done(name + ", " + Asyncio.await(fut));
        }

        static Supplier<Coro<Integer>> nested(CompletableFuture<Integer> f) {
          return () -> {
            Supplier<Coro<Integer>> inner = () -> Asyncio.done(Asyncio.await(f) * 2);
            int x = Asyncio.await(inner.get());
            return Asyncio.done(x + 1);
          };
        }

        @Coroutine
        static Coro<Integer> inCoroutine(CompletableFuture<Integer> f) {
          AsyncFn<Integer, Integer> add = n -> Asyncio.done(n + Asyncio.await(f));
          int a = Asyncio.await(add.call(1));
          int b = Asyncio.await(add.call(a));
          return Asyncio.done(b);
        }

        static Counter counter() {
          return n -> {
            while (n > 0) Generator.yield(n--);
            return Generator.done("liftoff");
          };
        }

        static Ticks ticks() {
          return f -> {
            AsyncGenerator.yield(Asyncio.await(f));
            AsyncGenerator.yield("second");
            return AsyncGenerator.done();
          };
        }

        @Coroutine
        static Coro<List<Object>> collect(AsyncGenerator<Object> agen) {
          List<Object> out = new ArrayList<>();
          for (var it = agen; Asyncio.await(it.hasNext()); ) out.add(it.next());
          return Asyncio.done(out);
        }

        // an ordinary lambda returning the coroutine a call makes: Python's lambda: plus(f, 1)()
        static Supplier<Coro<Integer>> plain(CompletableFuture<Integer> f) {
          return () -> plus(f, 1).get();
        }

        @Coroutine
        static Coro<Integer> square(int x) {
          return Asyncio.done(x * x);
        }

        static Function<Integer, Coro<Integer>> squareRef() {
          return Lambdas::square;
        }

        @Coroutine
        static Coro<Integer> sumOfSquares(Function<Integer, Coro<Integer>> f) {
          int total = 0;
          for (int i = 1; i <= 3; i++) total += Asyncio.await(f.apply(i));
          return Asyncio.done(total);
        }

        interface Tagged {
          String tag();
          default Supplier<Coro<String>> tagged(CompletableFuture<String> f) {
            return () -> Asyncio.done(tag() + Asyncio.await(f));
          }
          static Supplier<Coro<String>> fromInterface(CompletableFuture<String> f) {
            return () -> Asyncio.done("static " + Asyncio.await(f));
          }
        }
        static Tagged tagged() { return () -> "#"; }
      }
      """);

  @Test
  void aStaticLambdaReturningCoroIsACoroutine() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Supplier<Coro<Integer>> s = F.call("plus", f, 5);
    Coro<Integer> c = s.get();
    assertTrue((Object) c instanceof CoroFrame, "woven: calling the lambda only builds the frame");
    assertEquals(CoroutineState.CREATED, c.state());
    assertEquals(42, run(c, 37));
  }

  @Test
  void capturedLocalsOfEveryPrimitiveKindSurviveTheSuspension() {
    Supplier<Coro<String>> s = F.call("primitives", new CompletableFuture<>(), true, (byte) 1,
        'c', (short) 2, 3, 4L, 1.5f, 2.5, "str");
    assertEquals("true 1 c 2 3 4 1.5 2.5 str sent", run(s.get(), "sent"));
  }

  @Test
  void anInstanceLambdaCapturesThis() {
    Object lambdas = F.newInstance();
    Function<CompletableFuture<String>, Coro<String>> greeter = F.callOn(lambdas, "greeter");
    assertEquals("weft, hello", run(greeter.apply(new CompletableFuture<>()), "hello"));
  }

  @Test
  void nestedLambdasAreEachACoroutine() {
    Supplier<Coro<Integer>> s = F.call("nested", new CompletableFuture<>());
    assertEquals(21, run(s.get(), 10));
  }

  @Test
  void aLambdaInsideACoroutineGivenToACustomFunctionalInterface() {
    assertEquals(1 + 5 + 5, run(F.call("inCoroutine", new CompletableFuture<>()), 5));
  }

  @Test
  void aGeneratorLambda() {
    Generator<Object> g = callOn("Lambdas$Counter", F.call("counter"), "count", 3);
    assertEquals(List.of(3, 2, 1, "return=liftoff"), HardCasesTest.drive(g));
  }

  @Test
  void anAsyncGeneratorLambda() {
    Object agen = callOn("Lambdas$Ticks", F.call("ticks"), "ticks", new CompletableFuture<>());
    assertEquals(List.of("first", "second"), run(F.call("collect", agen), "first"));
  }

  @Test
  void aLambdaThatOnlyReturnsACoroutineIsNotWoven() throws Exception {
    Supplier<Coro<Integer>> s = F.call("plain", new CompletableFuture<>());
    Coro<Integer> c = s.get(); // plus(f, 1).get() ran: the coroutine it returns is plus's
    assertEquals(2, run(c, 1));
    byte[] woven = F.bytes("Lambdas");
    assertFalse(embeddedFrameNames(woven).stream().anyMatch(n -> n.contains("lambda$plain")),
        "no frame class for the plain lambda");
  }

  @Test
  void aMethodReferenceToACoroutineMethodNeedsNothingSpecial() {
    Function<Integer, Coro<Integer>> square = F.call("squareRef");
    assertEquals(1 + 4 + 9, run(F.call("sumOfSquares", square)));
  }

  @Test
  void lambdasInInterfaceDefaultAndStaticMethods() {
    Supplier<Coro<String>> s =
        callOn("Lambdas$Tagged", F.call("tagged"), "tagged", new CompletableFuture<String>());
    assertEquals("#x", run(s.get(), "x"));
    Supplier<Coro<String>> t =
        callOn("Lambdas$Tagged", null, "fromInterface", new CompletableFuture<String>());
    assertEquals("static y", run(t.get(), "y"));
  }

  @Test
  void aPendingAwaitInALambdaGoesOutToTheDriver() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    Supplier<Coro<Integer>> s = F.call("nested", f);
    Coro<Integer> c = s.get();
    assertSame(f, c.send(null), "the innermost lambda's future goes out through both");
    assertEquals(CoroutineState.SUSPENDED, c.state());
  }

  @Test
  void aLambdaFrameNamesTheLambdaMethod() {
    Supplier<Coro<Integer>> s = F.call("plus", new CompletableFuture<Integer>(), 1);
    Coro<Integer> c = s.get();
    c.send(null);
    assertEquals("<coroutine Lambdas.lambda$plus$0 SUSPENDED>", c.toString());
  }

  /** Calls {@code method} of the fixture's nested interface {@code itf} on {@code target}. */
  @SuppressWarnings("unchecked")
  private static <T> T callOn(String itf, Object target, String method, Object... args) {
    try {
      for (var m : F.type().getClassLoader().loadClass(itf).getDeclaredMethods()) {
        if (m.getName().equals(method) && !m.isSynthetic()) {
          m.setAccessible(true);
          return (T) m.invoke(target, args);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no " + itf + "." + method);
  }

  private static List<String> embeddedFrameNames(byte[] woven) {
    return new ArrayList<>(io.weft.weaver.testing.EmbeddedFrames.of(woven).keySet());
  }
}
