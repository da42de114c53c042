package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On the machine's clock, since the slave really blocks its worker thread for 2 s. Each line is
 * checked twice: the figure it prints (when its coroutine asked for the sum, as the seed's {@code
 * datetime.now()} is evaluated before {@code await}) and the stamp {@link Stdout#captureTimed}
 * gives it (when the sum came). The bounds are wide.
 */
class MasterSlaveTest {

  private static final Pattern LINE =
      Pattern.compile("t=(\\d+\\.\\d) (\\d+\\.\\d\\d) s (master|slave): 1\\+2=3");

  /** The stamp and the printed figure of {@code line}, after checking whose line it is. */
  private static double[] times(String line, String who) {
    Matcher m = LINE.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals(who, m.group(3), line);
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  @Test
  void eachLineIsStampedWhenItsSumWasAskedForAndPrintedOneSecondLaterWhenItCame() {
    EventLoop loop = Asyncio.newEventLoop();
    List<String> lines = Stdout.captureTimed(loop, () -> MasterSlave.run(loop));
    assertEquals(2, lines.size(), lines.toString());
    double[] master = times(lines.get(0), "master");
    double[] slave = times(lines.get(1), "slave");

    assertTrue(master[1] < 0.5, "the master asked at once, not at " + master[1] + " s");
    assertTrue(master[0] >= 0.9 && master[0] < 2.0, "master printed at " + master[0] + " s");
    assertTrue(slave[1] >= 1.99 && slave[1] < 2.9, "the slave asked after its 2 s block: "
        + slave[1] + " s");
    assertTrue(slave[0] >= 2.9 && slave[0] < 6.0, "slave printed at " + slave[0] + " s");
    assertTrue(loop.isClosed());
  }
}
