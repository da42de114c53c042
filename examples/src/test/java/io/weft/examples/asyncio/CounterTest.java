package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Asyncio;
import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.examples.Stdout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a virtual clock, which never moves: no task sleeps for longer than {@code sleep(0)}.
 */
class CounterTest {

  @Test
  void withoutAnAwaitTheCounterEndsAtZeroWithOneItLosesWritesUnlessALockIsHeld() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> Counter.run(loop));
    assertEquals(
        List.of(
            "t=0.0 0",
            "t=0.0 with an await between read and write: -1000",
            "t=0.0 with the read and write under a lock: 0"),
        lines);
  }

  @Test
  void incRunsAllItsStepsInOneGoBeforeAnythingElseOnTheLoopRuns() {
    EventLoop loop = new EventLoop(Clock.virtual());
    Counter.counter = 0;
    List<Integer> seen = new ArrayList<>();
    Task<Void> inc = loop.createTask(Counter.inc());
    loop.callSoon(() -> seen.add(Counter.counter)); // runs between inc's first step and dec's
    Task<Void> dec = loop.createTask(Counter.dec());
    loop.runUntilComplete(Asyncio.wait(List.of(inc, dec)));
    loop.close();
    assertEquals(List.of(Counter.STEPS), seen, "inc's one step was the whole loop");
    assertEquals(0, Counter.counter);
  }
}
