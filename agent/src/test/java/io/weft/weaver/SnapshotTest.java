package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.fail;

import io.weft.weaver.testing.EmbeddedFrames;
import io.weft.weaver.testing.InMemoryJavac;
import io.weft.weaver.testing.WovenClasses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Textifier snapshots of woven methods, for a reader to learn the weaving from and for review
 * to see every change of the emitted code. Each snapshot holds the entry stub, the resume method
 * and the frame class. On a mismatch the new text is written next to the snapshot as {@code
 * .new}; to accept it, replace the snapshot with it.
 */
class SnapshotTest {
  private static final Path DIR = Path.of("src/test/snapshots");

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("Countdown", """
            import io.weft.*;
            public class Countdown {
              @Coroutine
              static Generator<Integer> countdown(int n) {
                while (n > 0) Generator.yield(n--);
                return Generator.done();
              }
            }
            """),
        Arguments.of("Averager", """
            import io.weft.*;
            public class Averager {
              record Pair(Object a, Object b) {}

              @Coroutine
              static Generator<Double> averager(String label) {
                double total = 0;
                long count = 0;
                Double average = null;
                while (true) {
                  Double term = Generator.yield(average);
                  if (term == null) break;
                  total += term;
                  count++;
                  average = total / count;
                }
                return Generator.done(new Pair(label, Generator.yield(count)));
              }
            }
            """),
        // an async lambda: javac's lambda$plusOne$0, woven without @Coroutine
        Arguments.of("AsyncLambda", """
            import io.weft.*;
            import java.util.function.Supplier;
            public class AsyncLambda {
              static Supplier<Coro<Integer>> plusOne(Coro<Integer> c) {
                return () -> Asyncio.done(Asyncio.await(c) + 1);
              }
            }
            """),
        // an async generator: await (AWAIT) and AsyncGenerator.yield (YIELD) in one body
        Arguments.of("Ticker", """
            import io.weft.*;
            import java.util.concurrent.CompletableFuture;
            public class Ticker {
              @Coroutine
              static AsyncGenerator<Integer> ticker(int n, CompletableFuture<Object> tick) {
                for (int i = 0; i < n; i++) {
                  Asyncio.await(tick);
                  AsyncGenerator.yield(i);
                }
                return AsyncGenerator.done();
              }
            }
            """),
        // await(sleep(d)) awaited at once calls AwaitSupport.sleep; a sleep held first does not
        Arguments.of("Napper", """
            import io.weft.*;
            public class Napper {
              @Coroutine
              static Coro<Void> nap(double seconds) {
                Asyncio.await(Asyncio.sleep(0));
                Coro<Void> held = Asyncio.sleep(seconds);
                Asyncio.await(held);
                return Asyncio.done();
              }
            }
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void wovenShape(String name, String source) throws IOException {
    Map<String, byte[]> woven =
        WovenClasses.weaveAll(InMemoryJavac.compile(Map.of(name, source), 17));
    String actual = render(woven.get(name));
    Path expected = DIR.resolve(name + ".txt");
    Path fresh = DIR.resolve(name + ".txt.new");
    if (Files.exists(expected)
        && Files.readString(expected, StandardCharsets.UTF_8).equals(actual)) {
      Files.deleteIfExists(fresh);
      return;
    }
    Files.createDirectories(DIR);
    Files.writeString(fresh, actual, StandardCharsets.UTF_8);
    fail("woven " + name + " differs from " + expected.toAbsolutePath() + "; the new text is in "
        + fresh.toAbsolutePath() + " (replace the snapshot with it if the change is intended)");
  }

  /** The coroutine's stub and resume method, then its frame class, as Textifier text. */
  private static String render(byte[] woven) {
    ClassNode node = new ClassNode();
    new ClassReader(woven).accept(node, 0);
    StringWriter out = new StringWriter();
    PrintWriter pw = new PrintWriter(out);
    byte[] frameClass = EmbeddedFrames.of(woven).values().iterator().next();
    for (MethodNode m : node.methods) {
      if (m.name.equals("<init>")) {
        continue;
      }
      for (AbstractInsnNode insn : m.instructions) {
        if (insn instanceof LdcInsnNode && ((LdcInsnNode) insn).cst instanceof String
            && ((String) ((LdcInsnNode) insn).cst).length() == frameClass.length) {
          ((LdcInsnNode) insn).cst = "<the frame class below, " + frameClass.length + " bytes>";
        }
      }
      Textifier text = new Textifier();
      m.accept(new TraceMethodVisitor(text));
      pw.println("// " + accessText(m.access) + m.name + m.desc);
      text.print(pw);
      pw.println();
    }
    pw.println("// frame class");
    new ClassReader(frameClass).accept(new TraceClassVisitor(pw), 0);
    pw.flush();
    return out.toString();
  }

  private static String accessText(int access) {
    return (access & org.objectweb.asm.Opcodes.ACC_SYNTHETIC) != 0 ? "synthetic " : "";
  }
}
