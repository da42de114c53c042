package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.HttpFixture;
import io.weft.examples.Stdout;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server that answers each of the seed's hosts with its own headers. */
class WgetTest {

  /**
   * The header lines printed for {@code host}: the status line without its reason phrase (the
   * JDK's own wording), then the headers sorted, the {@code Date} header's value masked.
   */
  private static List<String> headersOf(String host, List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith(host + " header > "))
        .map(l -> l.substring((host + " header > ").length()))
        .map(l -> l.startsWith("Date: ") ? "Date: #" : l)
        .map(l -> l.startsWith("HTTP/") ? l.substring(0, "HTTP/1.1 200".length()) : l)
        .sorted(Comparator.comparing((String l) -> l.startsWith("HTTP/") ? "" : l))
        .toList();
  }

  @Test
  void printsTheHeadersOfEveryHostFetchedAtOnce() throws Exception {
    try (HttpFixture server = HttpFixture.start(HttpFixture.seedSites())) {
      String[] args = {"--connect-to", "127.0.0.1:" + server.port()};
      List<String> lines =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> Stdout.capture(() -> Wget.main(args)).lines().toList());

      // each task prints its first line before its first await: in the order gather got them
      assertEquals(
          List.of("wget www.sina.com.cn...", "wget www.sohu.com...", "wget www.163.com..."),
          lines.subList(0, 3));
      // the status line first; the JDK's server writes the headers in its own (hash) order
      assertEquals(
          List.of("HTTP/1.1 200",
              "Connection: close", "Content-length: 17", "Date: #", "Server: sina"),
          headersOf("www.sina.com.cn", lines));
      assertEquals(
          List.of("HTTP/1.1 200",
              "Connection: close", "Content-length: 17", "Content-type: text/html", "Date: #"),
          headersOf("www.sohu.com", lines));
      assertEquals(
          List.of("HTTP/1.1 302",
              "Connection: close", "Content-length: 5", "Date: #",
              "Location: https://www.163.com/"),
          headersOf("www.163.com", lines));
      for (String host : Wget.HOSTS) {
        int lastHeader = -1;
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith(host + " header > ")) {
            lastHeader = i;
          }
        }
        assertTrue(lines.indexOf("Done " + host + ".") > lastHeader, "Done after the headers");
      }
      assertEquals(3 + 5 * 3 + 3, lines.size(), String.join("\n", lines));
    }
  }

  @Test
  void aHostMayNameItsPort() throws Exception {
    try (HttpFixture server = HttpFixture.start(HttpFixture.seedSites())) {
      String[] args = {"127.0.0.1:" + server.port()};
      String out = Stdout.capture(() -> Wget.main(args));
      List<String> lines = out.lines().toList();
      assertEquals("wget 127.0.0.1...", lines.get(0));
      assertEquals("127.0.0.1 header > HTTP/1.1 404 Not Found", lines.get(1));
      assertEquals("Done 127.0.0.1.", lines.get(lines.size() - 1));
    }
  }
}
