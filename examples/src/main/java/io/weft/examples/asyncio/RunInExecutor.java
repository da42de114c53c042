package io.weft.examples.asyncio;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blocking calls handed to a thread pool with {@code runInExecutor} (seed 004,
 * "ThreadPoolExecutor"): the loop waits for their futures while the pool runs them side by side,
 * so four one-second calls take about one second together; made one after another, they take
 * four. Prints (the figures vary from run to run):
 *
 * <pre>
 * &lt;html&gt;https://baike.baidu.com/item/0&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/1&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/2&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/3&lt;/html&gt;
 * elapsed: 1.00 s
 * (the same four pages)
 * elapsed: 4.01 s
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * def get_html(url):
 *     ...                        # a blocking HTTP request over a socket
 *     print(html_data)
 *
 * start = time.time()
 * loop = asyncio.get_event_loop()
 * executor = ThreadPoolExecutor(2)
 * results = []
 * for i in range(10):
 *     url = "https://baike.baidu.com/item/{}".format(i)
 *     result = loop.run_in_executor(executor, get_html, url)
 *     results.append(result)
 * loop.run_until_complete(asyncio.wait(results))
 * print("elapsed:", time.time() - start)
 *
 * start = time.time()
 * for i in range(10):
 *     url = "https://baike.baidu.com/item/{}".format(i)
 *     get_html(url)
 * print("elapsed:", time.time() - start)
 * </pre>
 *
 * <p>The examples stay off the network: {@link #getHtml} blocks its thread for a second, as a
 * slow request would, and makes up the page. It returns the page rather than printing it, so the
 * pages print in order. As the seed's comment says, the pool is fastest with one thread per
 * task, so it gets one per URL. {@code asyncio.wait} comes with the combinators (issue 3); until
 * then the loop runs until each future is done in turn.
 */
public final class RunInExecutor {
  private RunInExecutor() {}

  /** How long {@link #getHtml} blocks, in milliseconds. */
  static final long REQUEST_MILLIS = 1000;

  /** How many URLs are fetched. */
  static final int URLS = 4;

  /**
   * Stands for the seed's blocking {@code get_html(url)}: blocks the calling thread for {@link
   * #REQUEST_MILLIS}, then returns a made-up page.
   *
   * @param url the page's address
   * @return the page
   * @throws InterruptedException when the thread is interrupted while it blocks
   */
  static String getHtml(String url) throws InterruptedException {
    Thread.sleep(REQUEST_MILLIS); // a blocking call: it holds its thread, as a socket read would
    return "<html>" + url + "</html>";
  }

  /**
   * Fetches the pages in a thread pool, then one after another, printing each page and the time
   * each way took.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    EventLoop loop = Asyncio.newEventLoop();
    ExecutorService executor = Executors.newFixedThreadPool(URLS); // one thread per task
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < URLS; i++) {
      String url = "https://baike.baidu.com/item/" + i;
      results.add(loop.runInExecutor(executor, () -> getHtml(url))); // runs in the pool
    }
    for (Future<String> result : results) { // stands for run_until_complete(asyncio.wait(results))
      System.out.println(loop.runUntilComplete(result));
    }
    System.out.println("elapsed: " + secondsSince(start));
    executor.shutdown();
    loop.close();

    // the same calls made the ordinary way, one after another
    start = System.nanoTime();
    for (int i = 0; i < URLS; i++) {
      String url = "https://baike.baidu.com/item/" + i;
      try {
        System.out.println(getHtml(url));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    System.out.println("elapsed: " + secondsSince(start));
  }

  private static String secondsSince(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
