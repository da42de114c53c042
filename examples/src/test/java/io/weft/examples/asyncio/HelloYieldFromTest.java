package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloYieldFromTest {

  @Test
  void printsHelloWorldThenHelloAgainOneSecondLater() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> HelloYieldFrom.run(loop));
    assertEquals(List.of("t=0.0 Hello world!", "t=1.0 Hello again!"), lines);
  }

  @Test
  void closesTheLoopItRan() {
    EventLoop loop = new EventLoop(Clock.virtual());
    Stdout.capture(() -> HelloYieldFrom.run(loop));
    assertTrue(loop.isClosed());
  }

  @Test
  void mainPrintsTheSameOnTheMachineClock() {
    assertEquals(
        "Hello world!\nHello again!\n", Stdout.capture(() -> HelloYieldFrom.main(new String[0])));
  }
}
