package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.HttpFixture;
import io.weft.examples.Stdout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server that takes a different time for each page. */
class GetHtmlTest {

  @Test
  void waitGivesTheResponsesInRequestOrderAsCompletedInTheOrderTheyEnd() throws Exception {
    try (HttpFixture server = HttpFixture.start(HttpFixture.items())) {
      List<String> lines =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> Stdout.capture(() -> GetHtml.main(server.itemUrls())).lines().toList());

      List<String> pages = lines.stream().filter(l -> l.startsWith("<html>")).toList();
      assertEquals(
          List.of(
              // asyncio.wait, then task.result() in the order the tasks were made
              "<html>item 0</html>",
              "<html>item 1</html>",
              "<html>item 2</html>",
              "<html>item 3</html>",
              "<html>item 4</html>",
              // as_completed: as each response ends (ITEM_DELAYS 0.6 0.2 1.0 0.4 0.8)
              "<html>item 1</html>",
              "<html>item 3</html>",
              "<html>item 0</html>",
              "<html>item 4</html>",
              "<html>item 2</html>"),
          pages);

      // each response is printed whole: status line, headers, blank line, body
      int first = lines.indexOf("HTTP/1.1 200 OK");
      int blank = lines.indexOf("");
      assertEquals(0, first, String.join("\n", lines));
      assertTrue(lines.subList(first, blank).contains("Content-length: 19"), lines.toString());
      assertEquals("<html>item 0</html>", lines.get(blank + 1));
      assertEquals(10, lines.stream().filter(l -> l.equals("HTTP/1.1 200 OK")).count());

      // the requests overlap: each round takes about the slowest one, 1 s, not the sum, 3 s
      List<Double> elapsed = new ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("elapsed: ")) {
          elapsed.add(Double.parseDouble(line.replaceAll("[^0-9.]", "")));
        }
      }
      assertEquals(2, elapsed.size(), lines.toString());
      for (double seconds : elapsed) {
        assertTrue(seconds >= 0.99 && seconds < 2.5, "elapsed " + seconds);
      }
    }
  }
}
