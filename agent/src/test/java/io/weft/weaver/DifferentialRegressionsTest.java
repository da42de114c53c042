package io.weft.weaver;

import static io.weft.weaver.HardCasesTest.drive;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.weaver.testing.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes the differential random-program test found the weaver getting wrong, kept as tests. */
class DifferentialRegressionsTest {
  static final Fixture F = Fixture.of("Regressions", """
      public class Regressions {
        static final List<String> log = new ArrayList<>();

        // A local the verifier knows is null, live across a suspension: nothing to save.
        @Coroutine
        static Generator<Object> knownNullLocal() {
          Object x = null;
          Generator.yield(1);
          return Generator.done(String.valueOf(x));
        }

        // return done(r) inside try/finally: javac keeps r (typed Generator) in a local while the
        // finally block runs, and the finally block suspends.
        @Coroutine
        static Generator<Object> returnThroughSuspendingFinally() {
          try {
            return Generator.done(7);
          } finally {
            Generator.yield("in finally");
          }
        }

        // javac emits `try { continue; } finally { ... }` with a handler covering only itself:
        // its copy of the finally block is unreachable and must not become a resume point.
        @Coroutine
        static Generator<Object> continueThroughFinally(Object a) {
          for (int x : new int[] {11, 12}) {
            try {
              continue;
            } finally {
              log.add(String.valueOf(Generator.<Object>yield(a)) + x);
            }
          }
          return Generator.done(log.toString());
        }
      }
      """);

  @Test
  void knownNullLocal() {
    assertEquals(List.of(1, "return=null"), drive(F.call("knownNullLocal")));
  }

  @Test
  void returnThroughSuspendingFinally() {
    assertEquals(List.of("in finally", "return=7"),
        drive(F.call("returnThroughSuspendingFinally")));
  }

  @Test
  void continueThroughFinally() {
    assertEquals(List.of("a", "a", "return=[1011, 2012]"),
        drive(F.call("continueThroughFinally", "a")));
  }
}
