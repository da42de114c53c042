package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.Stdout;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On the machine's clock, since the blocking calls really block their threads. The bounds are
 * wide: side by side, four one-second calls must take at least one second and clearly less than
 * the four they take one after another.
 */
class RunInExecutorTest {

  private static final Pattern ELAPSED = Pattern.compile("elapsed: (\\d+\\.\\d\\d) s");

  private static double seconds(String line) {
    Matcher m = ELAPSED.matcher(line);
    assertTrue(m.matches(), line);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void printsThePagesInOrderAndTheTimeEachWayTook() {
    List<String> lines =
        Stdout.capture(() -> RunInExecutor.main(new String[0])).lines().toList();
    List<String> pages =
        List.of(
            "<html>https://baike.baidu.com/item/0</html>",
            "<html>https://baike.baidu.com/item/1</html>",
            "<html>https://baike.baidu.com/item/2</html>",
            "<html>https://baike.baidu.com/item/3</html>");
    assertEquals(10, lines.size(), lines.toString());
    assertEquals(pages, lines.subList(0, 4));
    double inPool = seconds(lines.get(4));
    assertEquals(pages, lines.subList(5, 9));
    double oneAfterAnother = seconds(lines.get(9));

    assertTrue(inPool >= 0.99, "the pool took " + inPool + " s, less than the longest call");
    assertTrue(inPool < 3.0, "the pool took " + inPool + " s: the calls did not overlap");
    assertTrue(oneAfterAnother >= 3.99, "one after another took " + oneAfterAnother + " s");
  }
}
