package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.sync.Semaphore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A concurrent crawler of Douban's 250 best films (seed 002, "the Douban crawler"): fetches the
 * first page of the list, finds the links to the other pages in it, fetches those all at once
 * with {@code gather}, and takes the title of every film out of the HTML with XPath. It crawls
 * five times in a row and prints the average time, as the seed does, and the titles it found.
 * Prints:
 *
 * <pre>
 * 1 肖申克的救赎
 * 2 霸王别姬
 * ...
 * 250 ...
 * Cost 1.23 seconds
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * url = 'https://movie.douban.com/top250'
 *
 * async def fetch_content(url):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as response:
 *             return await response.text()
 *
 * async def parse(url):
 *     page = await fetch_content(url)
 *     html = etree.HTML(page)
 *
 *     xpath_movie = '//*[@id="content"]/div/div[1]/ol/li'
 *     xpath_title = './/span[@class="title"]'
 *     xpath_pages = '//*[@id="content"]/div/div[1]/div[2]/a'
 *
 *     pages = html.xpath(xpath_pages)
 *     fetch_list = []
 *     result = []
 *     # the films of the first page
 *     for element_movie in html.xpath(xpath_movie):
 *         result.append(element_movie)
 *     # the URLs of the other pages
 *     for p in pages:
 *         fetch_list.append(url + p.get('href'))
 *     tasks = [fetch_content(url) for url in fetch_list]
 *     # every page's HTML, in the order of the tasks
 *     pages = await asyncio.gather(*tasks)
 *
 *     for page in pages:
 *         html = etree.HTML(page)
 *         for element_movie in html.xpath(xpath_movie):
 *             result.append(element_movie)
 *     for i, movie in enumerate(result, 1):
 *         title = movie.find(xpath_title).text
 *         # print(i, title)
 *
 * def main():
 *     loop = asyncio.get_event_loop()
 *     start = time()
 *     for i in range(5):       # five crawls in a row, to time several
 *         loop.run_until_complete(parse(url))
 *     end = time()
 *     print('Cost {} seconds'.format((end - start) / 5))
 *     loop.close()
 * </pre>
 *
 * <p>aiohttp's part is played by the JDK's {@link HttpClient}: {@code sendAsync} returns a
 * {@code CompletableFuture}, and Weft awaits any {@code CompletionStage} as it awaits a future,
 * so {@code await(session.sendAsync(...))} reads like {@code await session.get(url)}. lxml's
 * part is played by <a href="https://jsoup.org">jsoup</a>, whose {@code selectXpath} takes the
 * seed's XPath expressions unchanged.
 *
 * <p>Three changes to the seed. One {@code HttpClient} serves the whole program, where the seed
 * opens an {@code aiohttp.ClientSession} per page: a client keeps its connections for reuse and
 * has threads of its own, so one is what a Java program makes. A {@link Semaphore} caps the
 * requests in flight ({@link #DEFAULT_LIMIT}): with ten pages gathered at once the seed would
 * open ten connections to the site; Python's {@code async with limit:} is {@code
 * await(limit.run(body))}, as {@code lock-and-queue} holds its lock. And the titles the seed
 * leaves commented out are returned by {@link #parse} and printed once, from the last crawl.
 *
 * <p>Arguments: {@code douban-crawler [URL [LIMIT]]}: the first page (the seed's by default) and
 * how many requests may be in flight at once.
 */
public final class DoubanCrawler {

  /** The seed's first page. */
  static final String URL = "https://movie.douban.com/top250";

  /** How many requests may be in flight at once, unless told otherwise. */
  static final int DEFAULT_LIMIT = 5;

  static final String XPATH_MOVIE = "//*[@id=\"content\"]/div/div[1]/ol/li";
  static final String XPATH_TITLE = ".//span[@class=\"title\"]";
  static final String XPATH_PAGES = "//*[@id=\"content\"]/div/div[1]/div[2]/a";

  private final HttpClient session;
  private final Semaphore limit;

  /**
   * Creates a crawler.
   *
   * @param session the HTTP client every request goes through
   * @param limit how many requests may be in flight at once; at least 1
   */
  DoubanCrawler(HttpClient session, int limit) {
    this.session = session;
    this.limit = new Semaphore(limit);
  }

  /**
   * Fetches {@code url} and returns its body as text, waiting first for a place among the
   * requests in flight. Python's {@code fetch_content(url)}.
   *
   * @param url the page
   * @return the coroutine, whose result is the page's HTML
   */
  @Coroutine
  Coro<String> fetchContent(String url) {
    String text = await(limit.run(get(url))); // async with limit: ...
    return done(text);
  }

  /**
   * The body of {@code async with limit:} in {@link #fetchContent}: one GET.
   *
   * @param url the page
   * @return the coroutine, whose result is the page's HTML
   */
  @Coroutine
  Coro<String> get(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    HttpResponse<String> response =
        await(session.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    return done(response.body());
  }

  /**
   * Crawls the list from its first page, the other pages at once, and returns every film's
   * title in order. Python's {@code parse(url)}.
   *
   * @param url the first page
   * @return the coroutine, whose result is the titles
   */
  @Coroutine
  Coro<List<String>> parse(String url) {
    String page = await(fetchContent(url));
    Document html = Jsoup.parse(page, url);

    List<Element> pages = html.selectXpath(XPATH_PAGES);
    List<String> fetchList = new ArrayList<>();
    List<Element> result = new ArrayList<>();
    // the films of the first page
    result.addAll(html.selectXpath(XPATH_MOVIE));
    // the URLs of the other pages
    for (Element p : pages) {
      fetchList.add(url + p.attr("href"));
    }
    List<Coro<String>> tasks = new ArrayList<>();
    for (String u : fetchList) {
      tasks.add(fetchContent(u));
    }
    // every page's HTML, in the order of the tasks
    List<String> others = await(gather(tasks));

    for (String other : others) {
      result.addAll(Jsoup.parse(other, url).selectXpath(XPATH_MOVIE));
    }
    List<String> titles = new ArrayList<>();
    for (Element movie : result) {
      titles.add(movie.selectXpath(XPATH_TITLE).first().text());
    }
    return done(titles);
  }

  /**
   * Crawls {@code times} times in a row on one loop, then prints the titles of the last crawl,
   * numbered from 1, and the average time of a crawl. Python's {@code main()}.
   *
   * @param url the first page
   * @param limit how many requests may be in flight at once
   * @param times how many crawls
   */
  static void run(String url, int limit, int times) {
    DoubanCrawler crawler = new DoubanCrawler(HttpClient.newHttpClient(), limit);
    EventLoop loop = Asyncio.newEventLoop();
    try {
      long start = System.nanoTime();
      List<String> titles = List.of();
      for (int i = 0; i < times; i++) {
        titles = loop.runUntilComplete(crawler.parse(url));
      }
      long end = System.nanoTime();
      for (int i = 0; i < titles.size(); i++) {
        System.out.println((i + 1) + " " + titles.get(i));
      }
      double cost = (end - start) / 1e9 / times;
      System.out.println(String.format(Locale.ROOT, "Cost %.2f seconds", cost));
    } finally {
      loop.close();
    }
  }

  /**
   * Crawls the list five times.
   *
   * @param args {@code [URL [LIMIT]]}
   */
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : URL;
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_LIMIT;
    run(url, limit, 5);
  }
}
