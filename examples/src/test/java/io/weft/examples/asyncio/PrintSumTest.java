package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrintSumTest {

  @Test
  void computePrintsFirstAndPrintSumPrintsTheSumAfterTheSecondComputeSleeps() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> PrintSum.run(loop));
    assertEquals(List.of("t=0.0 Compute 1 + 2 ...", "t=1.0 1 + 2 = 3"), lines);
  }
}
