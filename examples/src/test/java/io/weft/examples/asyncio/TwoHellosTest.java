package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwoHellosTest {

  @Test
  void bothSayHelloAtOnceAndHelloAgainOneSecondLaterOnTheCallersThread() {
    String thread = Thread.currentThread().getName();
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> TwoHellos.run(loop));
    assertEquals(
        List.of(
            "t=0.0 Hello world! (" + thread + ")",
            "t=0.0 Hello world! (" + thread + ")",
            "t=1.0 Hello again! (" + thread + ")",
            "t=1.0 Hello again! (" + thread + ")"),
        lines);
  }

  @Test
  void theTwoSleepsOverlapSoTheProgramTakesOneSecondNotTwo() {
    EventLoop loop = new EventLoop(Clock.virtual());
    double start = loop.time();
    Stdout.capture(() -> TwoHellos.run(loop));
    assertEquals(1.0, loop.time() - start);
  }
}
