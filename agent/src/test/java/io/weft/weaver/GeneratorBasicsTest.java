package io.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Generator;
import io.weft.weaver.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorBasicsTest {
  @Test
  void countdownYieldsEachValueThenStops() {
    Fixture f = Fixture.of("Countdown", """
        public class Countdown {
          @Coroutine
          static Generator<Integer> countdown(int n) {
            while (n > 0) Generator.yield(n--);
            return Generator.done();
          }
        }
        """);
    Generator<Integer> g = f.call("countdown", 3);
    List<Integer> seen = new ArrayList<>();
    for (int i : g) {
      seen.add(i);
    }
    assertEquals(List.of(3, 2, 1), seen);
  }
}
