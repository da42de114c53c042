package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Simulated HTTP requests whose results are taken two ways (seed 004, "simulated HTTP
 * requests"): all of them under {@code asyncio.wait}, then printed in the order they were made;
 * and one by one with {@code asyncio.as_completed}, printed in the order they finish. Either way
 * the requests overlap, so the total is the longest one. Prints (the figures are the loop's
 * clock, and vary a little from run to run):
 *
 * <pre>
 * &lt;html&gt;https://baike.baidu.com/item/0&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/1&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/2&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/3&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/4&lt;/html&gt;
 * elapsed: 0.50 s
 * &lt;html&gt;https://baike.baidu.com/item/1&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/3&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/0&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/4&lt;/html&gt;
 * &lt;html&gt;https://baike.baidu.com/item/2&lt;/html&gt;
 * elapsed: 0.50 s
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def get_html(url):
 *     ...   # reader, writer = await asyncio.open_connection(host, 80); a GET request;
 *     ...   # async for raw_line in reader: ...
 *     return html
 *
 * async def main(loop):
 *     tasks = []
 *     for i in range(20):
 *         url = "https://baike.baidu.com/item/{}".format(i)
 *         tasks.append(asyncio.ensure_future(get_html(url)))
 *     for task in asyncio.as_completed(tasks):
 *         result = await task
 *         print(result)
 *
 * start = time.time()
 * loop = asyncio.get_event_loop()
 * tasks = []
 * for i in range(20):
 *     url = "https://baike.baidu.com/item/{}".format(i)
 *     tasks.append(asyncio.ensure_future(get_html(url)))
 * loop.run_until_complete(asyncio.wait(tasks))
 * for task in tasks:
 *     print(task.result())
 * print("elapsed:", time.time() - start)
 *
 * # printing each as it comes
 * start = time.time()
 * loop.run_until_complete(main(loop))
 * print("elapsed:", time.time() - start)
 * </pre>
 *
 * <p><b>No network:</b> the seed's {@code get_html} talks HTTP over {@code open_connection}; the
 * {@code get-html} example ({@link GetHtml}) does. This {@link #getHtml} sleeps instead, each URL
 * for a different time ({@link #DELAYS}), and makes up the page, so the completion order differs
 * from the order the requests were made in, and is the same on every run, on a virtual clock. It fetches five URLs, not
 * twenty. The seed's {@code get_event_loop()} also made the loop the thread's current one, which
 * {@code ensure_future} outside a running loop needs; here that is an explicit {@code
 * Asyncio.setEventLoop(loop)}. The time is the loop's.
 */
public final class AsCompleted {
  private AsCompleted() {}

  /** How long fetching {@code item/i} takes, in seconds: the i-th entry. */
  static final double[] DELAYS = {0.3, 0.1, 0.5, 0.2, 0.4};

  /**
   * Stands for the seed's {@code get_html(url)}: sleeps for the URL's delay, then returns a
   * made-up page.
   *
   * @param i which URL: {@code https://baike.baidu.com/item/i}
   * @return the coroutine, whose result is the page
   */
  @Coroutine
  static Coro<String> getHtml(int i) {
    String url = "https://baike.baidu.com/item/" + i;
    await(sleep(DELAYS[i])); // stands for the request: connect, write, read every line
    return done("<html>" + url + "</html>");
  }

  /**
   * Starts a task per URL and prints each page as its task finishes.
   *
   * @param loop the loop, unused as in the seed
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(EventLoop loop) {
    List<Future<String>> tasks = new ArrayList<>();
    for (int i = 0; i < DELAYS.length; i++) {
      tasks.add(Asyncio.ensureFuture(getHtml(i)));
    }
    for (Coro<String> task : Asyncio.asCompleted(tasks)) { // the i-th to finish, not tasks[i]
      String result = await(task);
      System.out.println(result);
    }
    return done();
  }

  private static void printElapsed(EventLoop loop, double start) {
    System.out.println(String.format(Locale.ROOT, "elapsed: %.2f s", loop.time() - start));
  }

  /**
   * Fetches every page under {@code asyncio.wait} and prints them in order, then fetches them
   * again with {@link #main} and prints them as they come; each time, prints how long it took.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    Asyncio.setEventLoop(loop); // Python's get_event_loop() made it the current loop
    try {
      double start = loop.time();
      List<Future<String>> tasks = new ArrayList<>();
      for (int i = 0; i < DELAYS.length; i++) {
        tasks.add(Asyncio.ensureFuture(getHtml(i)));
      }
      loop.runUntilComplete(Asyncio.wait(tasks));
      for (Future<String> task : tasks) {
        System.out.println(task.result());
      }
      printElapsed(loop, start);

      start = loop.time();
      loop.runUntilComplete(main(loop));
      printElapsed(loop, start);
    } finally {
      Asyncio.setEventLoop(null);
      loop.close();
    }
  }

  /**
   * Runs the program on a new event loop.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(Asyncio.newEventLoop());
  }
}
