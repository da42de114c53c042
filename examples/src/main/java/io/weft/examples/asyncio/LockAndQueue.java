package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.ensureFuture;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.sync.Lock;
import io.weft.sync.Queue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A page cache filled under a lock, and a queue between the task that fetches a page and the
 * task that uses it (seed 004, "synchronisation and communication"). Prints:
 *
 * <pre>
 * fetched from the network ==&gt; &lt;html&gt;http://www.baidu.com&lt;/html&gt;
 * taken from the queue ==&gt; &lt;html&gt;http://www.baidu.com&lt;/html&gt;
 * &lt;Queue maxsize=0&gt;
 * &lt;html&gt;http://www.baidu.com&lt;/html&gt;
 * three tasks asked for http://www.python.org at once: 1 fetch, 1.0 s
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * lock = Lock()
 * queue = Queue()
 *
 * async def get_html(url):
 *     async with lock:
 *         if url in cache:
 *             return cache[url]
 *         staff = aiohttp.request('GET', url)
 *         cache[url] = staff
 *         return staff
 *
 * async def parse_html(url):
 *     staff = await get_html(url)
 *     print("从网络获取结果 ==&gt;", staff)      # fetched from the network
 *     await queue.put(staff)
 *     return queue
 *
 * async def use_html(url):
 *     staff = await queue.get()
 *     print("从队列拿到结果 ==&gt;", staff)      # taken from the queue
 *     return staff
 *
 * tasks2 = [asyncio.ensure_future(parse_html("http://www.baidu.com")),
 *           asyncio.ensure_future(use_html("http://www.baidu.com"))]
 * loop.run_until_complete(asyncio.wait(tasks2))
 * for task in tasks2:
 *     print(task.result())
 * </pre>
 *
 * <p>Python's {@code async with lock: body} is {@code await(lock.run(body))}: the body is a
 * coroutine, here {@link #cachedOrFetched(String)}, run in the same task while the lock is held;
 * the lock is released however the body ends, by returning (also early, from the cache), by
 * throwing, or by being cancelled. The fetch is a one-second sleep until streams exist (issue
 * 5); the seed's {@code aiohttp.request} is not awaited, a slip this twin does not copy.
 *
 * <p>The last line is this example's addition and the reason for the lock: three tasks want the
 * same page at once. The first takes the lock and fetches; the other two wait on the lock, then
 * find the page in the cache. Without the lock all three would miss the cache during the first
 * one's fetch and fetch it three times.
 */
public final class LockAndQueue {
  private LockAndQueue() {}

  /** Python's global {@code lock}: the cache's. */
  static Lock lock = new Lock();

  /** Python's global {@code queue}: from {@link #parseHtml} to {@link #useHtml}. */
  static Queue<String> queue = new Queue<>();

  /** Python's global {@code cache}: url to page. */
  static final Map<String, String> cache = new HashMap<>();

  /** How many fetches went to the network. */
  static int fetches;

  /**
   * Returns the page at {@code url}, from the cache or fetched, holding the lock throughout.
   *
   * @param url the page
   * @return the coroutine
   */
  @Coroutine
  static Coro<String> getHtml(String url) {
    String staff = await(lock.run(cachedOrFetched(url)));
    return done(staff);
  }

  /**
   * The body of {@code async with lock:} in {@code get_html}.
   *
   * @param url the page
   * @return the coroutine
   */
  @Coroutine
  static Coro<String> cachedOrFetched(String url) {
    if (cache.containsKey(url)) {
      return done(cache.get(url));
    }
    String staff = await(fetch(url));
    cache.put(url, staff);
    return done(staff);
  }

  /**
   * Stands for {@code aiohttp.request('GET', url)}: one second, then the page.
   *
   * @param url the page
   * @return the coroutine
   */
  @Coroutine
  static Coro<String> fetch(String url) {
    fetches++;
    await(sleep(1.0));
    return done("<html>" + url + "</html>");
  }

  /**
   * Gets the page and puts it on the queue. Python's {@code parse_html}.
   *
   * @param url the page
   * @return the coroutine, whose result is the queue
   */
  @Coroutine
  static Coro<Queue<String>> parseHtml(String url) {
    String staff = await(getHtml(url));
    System.out.println("fetched from the network ==> " + staff);
    await(queue.put(staff));
    return done(queue);
  }

  /**
   * Takes a page from the queue. Python's {@code use_html}.
   *
   * @param url the page (unused, as in the seed)
   * @return the coroutine, whose result is the page
   */
  @Coroutine
  static Coro<String> useHtml(String url) {
    String staff = await(queue.get());
    System.out.println("taken from the queue ==> " + staff);
    return done(staff);
  }

  /**
   * Asks for {@code url} from three tasks at once and waits for all three.
   *
   * @param url the page
   * @return the coroutine, whose result is the three pages
   */
  @Coroutine
  static Coro<List<String>> threeAtOnce(String url) {
    List<String> pages = await(gather(List.of(getHtml(url), getHtml(url), getHtml(url))));
    return done(pages);
  }

  /**
   * Runs the seed's program, then three tasks asking for one page at once.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    lock = new Lock();
    queue = new Queue<>();
    cache.clear();
    fetches = 0;
    List<Future<?>> tasks2 =
        List.of(
            ensureFuture(parseHtml("http://www.baidu.com"), loop),
            ensureFuture(useHtml("http://www.baidu.com"), loop));
    loop.runUntilComplete(Asyncio.wait(tasks2));
    for (Future<?> task : tasks2) {
      System.out.println(task.result());
    }

    fetches = 0;
    String url = "http://www.python.org";
    double start = loop.time();
    loop.runUntilComplete(threeAtOnce(url));
    System.out.printf(
        "three tasks asked for %s at once: %d fetch, %.1f s%n", url, fetches, loop.time() - start);
    loop.close();
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
