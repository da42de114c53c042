package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloAwaitTest {

  @Test
  void printsHelloWorldThenHelloAgainOneSecondLater() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> HelloAwait.run(loop));
    assertEquals(List.of("t=0.0 Hello world!", "t=1.0 Hello again!"), lines);
  }

  @Test
  void awaitAndYieldFromRunTheSameProgram() {
    EventLoop awaitLoop = new EventLoop(Clock.virtual());
    EventLoop yieldFromLoop = new EventLoop(Clock.virtual());
    assertEquals(
        Stdout.captureTimed(yieldFromLoop, () -> HelloYieldFrom.run(yieldFromLoop)),
        Stdout.captureTimed(awaitLoop, () -> HelloAwait.run(awaitLoop)));
  }
}
