package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsCompletedTest {

  private static String page(int i) {
    return "<html>https://baike.baidu.com/item/" + i + "</html>";
  }

  @Test
  void waitGivesThePagesInRequestOrderAsCompletedInTheOrderTheyFinish() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> AsCompleted.run(loop));
    assertEquals(
        List.of(
            // asyncio.wait, then task.result() in the order the tasks were made
            "t=0.5 " + page(0),
            "t=0.5 " + page(1),
            "t=0.5 " + page(2),
            "t=0.5 " + page(3),
            "t=0.5 " + page(4),
            "t=0.5 elapsed: 0.50 s",
            // as_completed: each page as soon as its request ends (DELAYS 0.3 0.1 0.5 0.2 0.4)
            "t=0.6 " + page(1),
            "t=0.7 " + page(3),
            "t=0.8 " + page(0),
            "t=0.9 " + page(4),
            "t=1.0 " + page(2),
            "t=1.0 elapsed: 0.50 s"),
        lines);
  }
}
