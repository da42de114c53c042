package io.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.CoroutineState;
import io.weft.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sanity checks, not timings: the woven generators and their hand-written twins compute the same
 * results, so the benchmarks compare two working things.
 */
class WorkloadsTest {
  private static final int SMALL = 1000;
  private static final long SMALL_SUM = (long) SMALL * (SMALL - 1) / 2;

  @Test
  void theGeneratorsAreWoven() {
    Generator<Integer> g = Generators.range(3);
    assertTrue(g.getClass().getName().startsWith(Generators.class.getName() + "$$"),
        "a woven frame class, got " + g.getClass());
    List<Integer> seen = new ArrayList<>();
    g.forEachRemaining(seen::add);
    assertEquals(List.of(0, 1, 2), seen);
  }

  @Test
  void everyW4LoopGivesTheSameSum() {
    assertEquals(SMALL_SUM, Workloads.forEachHand(SMALL));
    assertEquals(SMALL_SUM, Workloads.forEachWoven(SMALL));
    assertEquals(SMALL_SUM, Workloads.hasNextNext(Generators.range(SMALL)));
    assertEquals(SMALL_SUM, Workloads.hasNextNext(new HandRange(SMALL)));
    assertEquals(SMALL_SUM, Workloads.sendNextHand(SMALL));
    assertEquals(SMALL_SUM, Workloads.sendNextWoven(SMALL));
    assertEquals(SMALL_SUM, Workloads.sendInHand(SMALL));
    assertEquals(SMALL_SUM, Workloads.sendInWoven(SMALL));
  }

  @Test
  void theBenchmarkMethodsSumAllTenMillion() {
    long expected = (long) GeneratorBenchmark.N * (GeneratorBenchmark.N - 1) / 2;
    GeneratorBenchmark b = new GeneratorBenchmark();
    assertEquals(expected, b.forEach_hand());
    assertEquals(expected, b.forEach_woven());
    assertEquals(expected, b.sendNext_woven());
    assertEquals(expected, b.sendIn_woven());
  }

  @Test
  void theOtherShapesWork() {
    assertEquals(249500L, Workloads.hasNextNext(Generators.evens(SMALL)));
    assertEquals(500500L, Workloads.hasNextNext(Generators.countdown(SMALL)));
    assertEquals(332833500L, Workloads.hasNextNext(Generators.squares(SMALL)));
    assertTrue(Workloads.pollute(10) > 0);
  }

  @Test
  void theFootprintObjectsAreSuspendedHoldingTheirState() {
    Object ref = new Object();
    Generator<?> g = (Generator<?>) FrameFootprint.suspendedGenerator(7, ref);
    assertEquals(CoroutineState.SUSPENDED, g.state());
    assertEquals(ref, g.next());
    assertTrue(!g.hasNext());
    HandHolding h = (HandHolding) FrameFootprint.suspendedHand(7, ref);
    assertEquals(ref, h.next());
    assertTrue(!h.hasNext());
    assertTrue(FrameFootprint.layout(g).contains("r0"), FrameFootprint.layout(g));
  }
}
