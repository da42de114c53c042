package io.weft.weaver.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.weaver.differential.Frag.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the differential harness itself, without the weaver: the generator's programs compile,
 * an independent implementation of the generator protocol (threads, PEP 380's expansion of
 * {@code yield from}) agrees with the reference on every program, and a deliberately wrong
 * reference is caught.
 */
class HarnessSanityTest {
  private static final long SEED = 7_777L;

  @Test
  void generationIsReproducible() {
    Program a = new ProgramGenerator().generate(42, SEED);
    Program b = new ProgramGenerator().generate(42, SEED);
    assertEquals(a.render(Variant.WOVEN), b.render(Variant.WOVEN));
    assertNotEquals(
        a.render(Variant.WOVEN), new ProgramGenerator().generate(43, SEED).render(Variant.WOVEN));
  }

  /** Every construct the test is meant to exercise appears in the default run's programs. */
  @Test
  void programsCoverEveryConstruct() {
    StringBuilder all = new StringBuilder();
    for (Program p : DifferentialTest.programs(DifferentialTest.DEFAULT_SEED, 2000)) {
      all.append(p.render(Variant.WOVEN));
    }
    String text = all.toString();
    String[] constructs = {
      "for (int ", "for (int x", "for (Object x", "while (", "do {", "} while (", "if (", "} else {",
      "} else if (", "switch (Math.floorMod(", "case 0:", "break;", "continue;", "break L",
      "continue L", " -> {", "case \"", "yield ", " ? ", "try {", "try (Res ", "catch (Boom | Bang ",
      "catch (Boom ", "catch (Bang ", "catch (RuntimeException ", "catch (Exception ",
      "catch (Throwable ", "finally {", "throw new Boom(", "throw new Bang(", "Rt.check(",
      "Generator.<Integer>yield(", "(int) Generator.yield(", "Generator.<Object>yield(",
      "Generator.<Integer>yieldFrom(", "Generator.<String>yieldFrom(", "Generator.<Object>yieldFrom(",
      "Generator.yieldFrom(java.util.Arrays.asList(", "new Pair(Generator.", "new Pair(new Pair(",
      "new int[] {", "[Math.floorMod(Generator.", "Rt.mix(", "Rt.wide(", "\" + Generator.",
      "return Generator.done(", "return Generator.done();", "if (", "long v", "double v", "float v",
      "boolean v", "char v", "String v", "int[] v", "Object v", "(long a", "(double a",
      "static Generator<Object>", "public Generator<Object>", "private static Generator<Object>",
      "this.f", "f += ", "im(", "this.s", ".use(", "Rt.snap(", "Rt.iv(Generator.", "Rt.apply(q -> ", "Rt.all(", ")) instanceof Integer n"
    };
    for (String c : constructs) {
      assertTrue(text.contains(c), "no program contains " + c);
    }
    int yieldInFinally = 0;
    int yieldInCatch = 0;
    for (String method : text.split("@Coroutine")) {
      yieldInFinally += method.matches("(?s).*finally \\{\n[^}]*Generator\\..*") ? 1 : 0;
      yieldInCatch += method.matches("(?s).*catch \\([^)]*\\) \\{\n[^}]*Generator\\..*") ? 1 : 0;
    }
    assertTrue(yieldInFinally > 50, "yields in finally blocks: " + yieldInFinally);
    assertTrue(yieldInCatch > 50, "yields in catch blocks: " + yieldInCatch);
  }

  @Test
  void threadedGeneratorsAgreeWithTheReference() {
    List<Program> programs = DifferentialTest.programs(SEED, 300);
    Harness.Report report = Harness.run(SEED, programs, Variant.THREADED, Variant.REFERENCE);
    System.out.println(report.summary());
    assertTrue(report.failures().isEmpty(), () -> report.describe(2));
    int yields = 0;
    for (Harness.Outcome o : report.outcomes) {
      for (String e : o.expected) {
        yields += e.startsWith("Y:") ? 1 : 0;
      }
    }
    assertTrue(yields > programs.size(), "the programs hardly yield: " + yields);
  }

  @Test
  void aWrongReferenceIsCaught() {
    List<Program> programs = DifferentialTest.programs(SEED, 100);
    Harness.Report report = Harness.run(SEED, programs, Variant.THREADED, Variant.MUTANT);
    System.out.println(report.summary());
    int returned = 0;
    for (Harness.Outcome o : report.outcomes) {
      if (o.actual.stream().anyMatch(e -> e.startsWith("R:"))) {
        returned++;
        assertFalse(o.problem == null, "a changed return value went unnoticed:\n" + report.describe(o));
      }
    }
    assertTrue(returned > 10, "too few programs return normally: " + returned);
    assertTrue(report.failures().size() >= returned);
  }
}
