package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoneCallbackTest {

  @Test
  void theCallbackGetsItsOwnArgumentAndTheFinishedTaskBeforeRunUntilCompleteReturns() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> DoneCallback.run(loop));
    assertEquals(
        List.of(
            "t=0.0 this is a test for async",
            "t=2.0 test again",
            "t=2.0 callback ==> lixingyun another ==> wanglin",
            "t=2.0 lixingyun"),
        lines);
  }
}
