package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.weaver.testing.InMemoryJavac;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** The analysis passes on their own: what is saved at each suspension point, and where. */
class PassesTest {
  private static CoroutineMethod analyze(String body) {
    String source = "import io.weft.*;\npublic class A {\n" + body + "\n}\n";
    byte[] bytes = InMemoryJavac.compile(Map.of("A", source), 17).get("A");
    ClassNode node = new ClassNode();
    new ClassReader(bytes).accept(node, ClassReader.EXPAND_FRAMES);
    MethodNode m = node.methods.stream().filter(x -> x.name.equals("g")).findFirst().get();
    return SuspendPointAnalyzer.analyze(
        new ClassContext(node.name, node.sourceFile, node.access, node.version), m, 0, "g");
  }

  private static String describe(CoroutineMethod.SuspendPoint p) {
    String locals = p.locals.stream().map(l -> l.slot + ":" + l.type.sort)
        .collect(Collectors.joining(","));
    String stack = p.stack.stream().map(t -> String.valueOf(t.sort))
        .collect(Collectors.joining(","));
    return "locals[" + locals + "] stack[" + stack + "]";
  }

  @Test
  void onlyLiveLocalsAreSaved() {
    CoroutineMethod c = analyze("""
        @Coroutine static Generator<Object> g(int a, String unused, long wide) {
          String s = "x" + a;
          Generator.yield(s);       // a, unused and s are dead after this; wide is live
          Generator.yield(wide);    // nothing is live after this
          return Generator.done();
        }""");
    assertEquals(List.of("locals[2:J] stack[]", "locals[] stack[]"),
        c.points.stream().map(PassesTest::describe).collect(Collectors.toList()));
    assertEquals("0:I,2:J", c.entry.stream().map(l -> l.slot + ":" + l.type.sort)
        .collect(Collectors.joining(",")), "the unused parameter is not even passed");
  }

  @Test
  void theStackBelowTheArgumentIsSavedAndUninitializedObjectsAreRelocated() {
    CoroutineMethod c = analyze("""
        record P(Object a, long b, Object c) {}
        @Coroutine static Generator<Object> g() {
          return Generator.done(new P(null, 7L, Generator.yield(1)));
        }""");
    assertEquals(List.of("locals[] stack[N,J]"),
        c.points.stream().map(PassesTest::describe).collect(Collectors.toList()));
    assertEquals(1, c.relocations.size(), "NEW P; DUP moves after the arguments");
  }

  @Test
  void fieldsAreSharedAcrossSuspensionPointsBySort() {
    CoroutineMethod c = analyze("""
        @Coroutine static Generator<Object> g(String a, String b) {
          int i = 1;
          Generator.yield(a + b + i);      // a, b, i live
          double d = 2;
          Generator.yield(d + i);          // d, i, a live
          return Generator.done(a + d + i);
        }""");
    FrameLayout layout = FrameLayout.of(c);
    assertEquals(List.of("d0:D", "i0:I", "r0:Ljava/lang/Object;", "r1:Ljava/lang/Object;"),
        layout.fields.stream().map(f -> f.name + ":" + f.descriptor())
            .collect(Collectors.toList()));
  }
}
