package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.HttpFixture;
import io.weft.examples.Stdout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against a local server serving the fixture pages of {@code src/test/resources/douban/}: four
 * pages of three films, each page taking 0.1 s.
 */
class DoubanCrawlerTest {

  static final List<String> TITLES =
      List.of(
          "1 肖申克的救赎",
          "2 霸王别姬",
          "3 阿甘正传",
          "4 泰坦尼克号",
          "5 千与千寻",
          "6 这个杀手不太冷",
          "7 美丽人生",
          "8 星际穿越",
          "9 盗梦空间",
          "10 楚门的世界",
          "11 辛德勒的名单",
          "12 忠犬八公的故事");

  private static List<String> crawl(HttpFixture server, int limit) {
    String[] args = {server.url() + "/top250", Integer.toString(limit)};
    return assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> Stdout.capture(() -> DoubanCrawler.main(args)).lines().toList());
  }

  private static double cost(List<String> lines) {
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("Cost \\d+\\.\\d\\d seconds"), last);
    return Double.parseDouble(last.replaceAll("[^0-9.]", ""));
  }

  @Test
  void findsEveryTitleOnEveryPageInOrderWithTwoRequestsInFlightAtMost() throws Exception {
    try (HttpFixture server = HttpFixture.start(HttpFixture.douban(0.1))) {
      List<String> lines = crawl(server, 2);
      assertEquals(TITLES, lines.subList(0, lines.size() - 1));
      // the first page, then pages 2 and 3 at once, then page 4: 0.3 s a crawl at least
      double cost = cost(lines);
      assertTrue(cost >= 0.29 && cost < 2.0, "cost " + cost);
      assertEquals(2, server.maxInFlight(), "the semaphore lets two requests through at once");
    }
  }

  @Test
  void withALimitOfOneThePagesAreFetchedOneByOne() throws Exception {
    try (HttpFixture server = HttpFixture.start(HttpFixture.douban(0.1))) {
      List<String> lines = crawl(server, 1);
      assertEquals(TITLES, lines.subList(0, lines.size() - 1));
      double cost = cost(lines);
      assertTrue(cost >= 0.39, "four pages one after the other: " + cost);
      assertEquals(1, server.maxInFlight());
    }
  }
}
