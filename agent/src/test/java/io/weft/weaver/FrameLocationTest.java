package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.AsyncGenerator;
import io.weft.internal.Frame;
import io.weft.weaver.testing.Fixture;
import io.weft.weaver.testing.InMemoryJavac;
import io.weft.weaver.testing.WovenClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * {@link Frame#awaiting()} and {@link Frame#location()}: what the event loop's {@code
 * Task.getStack()} walks to print a task's coroutine chain with its source lines, as Python's
 * {@code Task.print_stack} does.
 */
class FrameLocationTest {
  // Fixture puts two import lines before the source: the class is on line 3.
  static final String SOURCE = """
      import java.util.concurrent.CompletableFuture;
      public class Loc {
        @Coroutine
        static Coro<Object> outer(CompletableFuture<Object> f) {
          Object x = Asyncio.await(inner(f));
          return Asyncio.done(x);
        }

        @Coroutine
        static Coro<Object> inner(CompletableFuture<Object> f) {
          String s = "start";
          Object v = Asyncio.await(f);
          return Asyncio.done(s + v);
        }

        @Coroutine
        static AsyncGenerator<Object> agen(CompletableFuture<Object> f) {
          AsyncGenerator.yield(
              Asyncio.await(f));
          return AsyncGenerator.done();
        }

        @Coroutine
        static Coro<Object> consume(AsyncGenerator<Object> g) {
          return Asyncio.done(Asyncio.await(g.anext()));
        }

        static java.util.function.Supplier<Coro<Object>> lambda(CompletableFuture<Object> f) {
          return () -> Asyncio.done(
              Asyncio.await(f));
        }
      }
      """;
  static final Fixture F = Fixture.of("Loc", SOURCE);

  /** What Task.getStack() will collect: the located frames of the chain, outermost first. */
  static List<String> stack(Frame root) {
    List<String> out = new ArrayList<>();
    for (Frame f = root; f != null; f = f.awaiting()) {
      StackTraceElement at = f.location();
      if (at != null) {
        out.add(at.toString());
      }
    }
    return out;
  }

  @Test
  void aChainOfAwaitsShowsEachSuspensionLine() {
    CompletableFuture<Object> f = new CompletableFuture<>();
    Frame outer = (Frame) (Object) F.call("outer", f);
    assertEquals(List.of("Loc.outer(Loc.java:7)"), stack(outer),
        "not started: the method's first line");
    assertNull(outer.awaiting());
    assertSame(f, outer.advance(null, null));
    assertEquals(List.of("Loc.outer(Loc.java:7)", "Loc.inner(Loc.java:14)"), stack(outer));
    Frame inner = outer.awaiting();
    assertNull(inner.awaiting(), "a future is not a frame");
    StackTraceElement at = inner.location();
    assertEquals("Loc", at.getClassName());
    assertEquals("inner", at.getMethodName());
    assertEquals("Loc.java", at.getFileName());
    assertEquals(14, at.getLineNumber());
    outer.advance("!", null);
    assertNull(outer.location(), "a finished frame is nowhere");
  }

  @Test
  void theStackGoesThroughAnAsyncGeneratorsAnext() {
    CompletableFuture<Object> f = new CompletableFuture<>();
    AsyncGenerator<Object> g = F.call("agen", f);
    Frame consume = (Frame) (Object) F.call("consume", g);
    assertSame(f, consume.advance(null, null));
    assertEquals(List.of("Loc.consume(Loc.java:27)", "Loc.agen(Loc.java:21)"), stack(consume),
        "the anext() object has no source of its own and is skipped");
  }

  @Test
  void aLambdaIsNamedAsJavaNamesIt() {
    java.util.function.Supplier<io.weft.Coro<Object>> s =
        F.call("lambda", new CompletableFuture<>());
    Frame frame = (Frame) (Object) s.get();
    frame.advance(null, null);
    assertEquals(List.of("Loc.lambda$lambda$0(Loc.java:32)"), stack(frame));
  }

  @Test
  void withoutDebugInformationTheFileAndLineAreUnknown() throws Exception {
    Map<String, byte[]> compiled =
        InMemoryJavac.compile(Map.of("Loc", "import io.weft.*;\nimport java.util.*;\n" + SOURCE),
            17);
    Map<String, byte[]> stripped = new TreeMap<>();
    compiled.forEach((name, bytes) -> {
      ClassWriter writer = new ClassWriter(0);
      new ClassReader(bytes).accept(writer, ClassReader.SKIP_DEBUG);
      stripped.put(name, writer.toByteArray());
    });
    Class<?> loc = WovenClasses.weave(stripped).loadClass("Loc");
    var outer = loc.getDeclaredMethod("outer", CompletableFuture.class);
    outer.setAccessible(true);
    Frame frame = (Frame) outer.invoke(null, new CompletableFuture<>());
    StackTraceElement at = frame.location();
    assertEquals("outer", at.getMethodName());
    assertNull(at.getFileName());
    assertEquals(-1, at.getLineNumber());
  }
}
