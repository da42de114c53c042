package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Asyncio;
import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitAndGatherTest {

  private static List<String> times(int n, String line) {
    return Collections.nCopies(n, line);
  }

  @Test
  void oneTwoAndFourSleepsOfTwoSecondsEachTakeTwoSecondsUnderWaitAndGather() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> WaitAndGather.run(loop));
    List<String> expected = new ArrayList<>();
    // run_until_complete(testAsync())
    expected.add("t=0.0 this is a test for async");
    expected.add("t=2.0 test again");
    expected.add("t=2.0 elapsed: 2.00 s");
    // asyncio.wait(tasks), two tasks
    expected.addAll(times(2, "t=2.0 this is a test for async"));
    expected.addAll(times(2, "t=4.0 test again"));
    expected.add("t=4.0 elapsed: 2.00 s");
    // gather(*group1, *group2)
    expected.addAll(times(4, "t=4.0 this is a test for async"));
    expected.addAll(times(4, "t=6.0 test again"));
    expected.add("t=6.0 elapsed: 2.00 s");
    // gather(gather(*group3), gather(*group4))
    expected.addAll(times(4, "t=6.0 this is a test for async"));
    expected.addAll(times(4, "t=8.0 test again"));
    expected.add("t=8.0 elapsed: 2.00 s");
    expected.add("t=8.0 [[lixingyun, lixingyun], [lixingyun, lixingyun]]");
    assertEquals(expected, lines);
  }

  @Test
  void itLeavesNoCurrentLoopBehindAndClosesItsOwn() {
    EventLoop loop = new EventLoop(Clock.virtual());
    Stdout.capture(() -> WaitAndGather.run(loop));
    assertEquals(true, loop.isClosed());
    assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
  }
}
