package io.weft.examples.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

class RunningAverageTest {

  @Test
  void printsEachRunningAverageThenTheResultByBothRoutes() {
    assertEquals(
        """
        sent 10.0, average 10.0
        sent 30.0, average 20.0
        sent 5.0, average 15.0
        yield from averager() returned Result[count=3, average=15.0]
        StopIteration.value() is Result[count=3, average=15.0]
        """,
        Stdout.capture(() -> RunningAverage.main(new String[0])));
  }
}
