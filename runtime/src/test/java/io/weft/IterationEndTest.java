package io.weft;

import static org.junit.jupiter.api.Assertions.*;

import io.weft.internal.LoopInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop's side of write coalescing ({@link LoopInternals}): the iteration number, and work run
 * once at the end of the iteration, after its callbacks and before the next iteration's. No
 * CPython counterpart.
 */
class IterationEndTest {
  private static final LoopInternals LOOP = LoopInternals.get();

  /** One pass of the loop: the {@code call_soon(stop); run_forever()} idiom. */
  private static void runOnce(EventLoop loop) {
    loop.callSoon(loop::stop);
    loop.runForever();
  }

  @Test
  void theIterationNumberIsTheSameWithinAnIterationAndGrowsByOneAtItsEnd() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      List<Long> seen = new ArrayList<>();
      long before = LOOP.iteration(loop);
      loop.callSoon(() -> seen.add(LOOP.iteration(loop)));
      loop.callSoon(() -> seen.add(LOOP.iteration(loop)));
      runOnce(loop);
      assertEquals(List.of(before, before), seen, "one number for the whole iteration");
      assertEquals(before + 1, LOOP.iteration(loop), "one more once it ended");
      runOnce(loop);
      assertEquals(before + 2, LOOP.iteration(loop));
    }
  }

  @Test
  void workRunsOnceAfterTheIterationsCallbacksAndBeforeTheNextIteration() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      List<String> order = new ArrayList<>();
      loop.callSoon(() -> {
        order.add("callback 1");
        LOOP.atIterationEnd(loop, () -> {
          order.add("end work, iteration " + (LOOP.iteration(loop) - 1) + " over");
          LOOP.atIterationEnd(loop, () -> order.add("work queued by end work"));
        });
        loop.callSoon(() -> order.add("a callback it scheduled"));
      });
      loop.callSoon(() -> order.add("callback 2"));
      long first = LOOP.iteration(loop);
      runOnce(loop);
      assertEquals(List.of("callback 1", "callback 2", "end work, iteration " + first + " over",
          "work queued by end work"), order, "before runForever returned");
      runOnce(loop);
      assertEquals("a callback it scheduled", order.get(4));
      assertEquals(5, order.size(), "each piece of work ran once");
    }
  }

  @Test
  void workThatThrowsIsReportedAndTheRestStillRuns() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      List<Map<String, Object>> reported = new ArrayList<>();
      loop.setExceptionHandler((l, context) -> reported.add(context));
      List<String> ran = new ArrayList<>();
      IllegalStateException bug = new IllegalStateException("bug");
      loop.callSoon(() -> {
        LOOP.atIterationEnd(loop, () -> {
          throw bug;
        });
        LOOP.atIterationEnd(loop, () -> ran.add("second"));
      });
      runOnce(loop);
      assertEquals(List.of("second"), ran);
      assertEquals(1, reported.size());
      assertSame(bug, reported.get(0).get("exception"));
      assertTrue(((String) reported.get(0).get("message")).startsWith(
          "Exception in iteration-end work "), reported.get(0).get("message").toString());
    }
  }

  @Test
  void aKeyboardInterruptLeavesTheLoopAndTheRestRunsAtTheNextIterationsEnd() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      List<String> ran = new ArrayList<>();
      loop.callSoon(() -> {
        LOOP.atIterationEnd(loop, () -> ran.add("first"));
        LOOP.atIterationEnd(loop, () -> {
          throw new KeyboardInterrupt();
        });
        LOOP.atIterationEnd(loop, () -> ran.add("third"));
      });
      assertThrows(KeyboardInterrupt.class, () -> runOnce(loop));
      assertEquals(List.of("first"), ran);
      runOnce(loop);
      assertEquals(List.of("first", "third"), ran, "kept for the next end, run once");
    }
  }

  @Test
  void manyPiecesOfWorkRunInTheOrderQueued() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      List<Integer> ran = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        loop.callSoon(() -> {
          for (int i = 0; i < 100; i++) {
            int n = i;
            LOOP.atIterationEnd(loop, () -> ran.add(n));
          }
        });
        runOnce(loop);
        assertEquals(100, ran.size());
        for (int i = 0; i < 100; i++) {
          assertEquals(i, ran.get(i));
        }
        ran.clear();
      }
    }
  }
}
