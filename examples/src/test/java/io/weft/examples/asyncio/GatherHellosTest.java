package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatherHellosTest {

  @Test
  void bothHellosRunAtOnceOnOneThreadAndGatherGivesTheirNamesInArgumentOrder() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<List<String>> returned = new ArrayList<>();
    List<String> lines =
        Stdout.captureTimed(loop, () -> returned.add(GatherHellos.run(() -> loop)));
    // asyncio.run runs main on the calling thread
    String thread = Thread.currentThread().getName();
    assertEquals(
        List.of(
            "t=0.0 Hello Bob! (" + thread + ")",
            "t=0.0 Hello Alice! (" + thread + ")",
            "t=1.0 Hello Bob again! (" + thread + ")",
            "t=1.0 Hello Alice again! (" + thread + ")",
            "t=1.0 [Bob, Alice]"),
        lines);
    assertEquals(List.of(List.of("Bob", "Alice")), returned);
    assertEquals(true, loop.isClosed(), "asyncio.run closes its loop");
  }
}
