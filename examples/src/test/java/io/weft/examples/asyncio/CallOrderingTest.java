package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallOrderingTest {

  @Test
  void soonCallbacksRunFirstThenTimersByDueTimeThenByTheOrderTheyWereScheduledIn() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> CallOrdering.run(loop));
    assertEquals(
        List.of(
            "t=0.0 callSoon ==> 5",
            "t=0.0 callSoonThreadsafe ==> 2",
            "t=1.0 callLater ==> 1",
            "t=1.0 callAt ==> 1",
            "t=2.0 callLater ==> 2",
            "t=2.0 callAt ==> 2",
            "t=3.0 callLater ==> 3",
            "t=3.0 callAt ==> 3"),
        lines);
  }

  @Test
  void theLoopStopsAfterTheLastTimerAndIsClosed() {
    EventLoop loop = new EventLoop(Clock.virtual());
    double start = loop.time();
    Stdout.capture(() -> CallOrdering.run(loop));
    assertEquals(3.0, loop.time() - start);
    assertEquals(true, loop.isClosed());
  }
}
