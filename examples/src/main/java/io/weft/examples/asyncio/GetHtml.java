package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.openConnection;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP requests over raw TCP connections, their responses taken two ways (seed 004, "simulated
 * HTTP requests"): all of them under {@code asyncio.wait}, then printed in the order they were
 * made; and one by one with {@code asyncio.as_completed}, printed in the order they finish. The
 * requests overlap either way, so each round takes about as long as the slowest. Prints each
 * whole response, status line and headers included, then how long the round took:
 *
 * <pre>
 * HTTP/1.1 200 OK
 * Date: Sat, 21 Nov 2026 10:00:00 GMT
 * Content-length: 20
 *
 * &lt;html&gt;item 0&lt;/html&gt;
 * ...
 * elapsed: 0.12 s
 * ...
 * elapsed: 0.10 s
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def get_html(url):
 *     url = urlparse(url)
 *     host = url.netloc
 *     path = url.path
 *     if path == "":
 *         path = "/"
 *     reader, writer = await asyncio.open_connection(host, 80)
 *     writer.write("GET {} HTTP/1.1\r\nHost:{}\r\nConnection:close\r\n\r\n"
 *                  .format(path, host).encode("utf-8"))
 *     all_lines = []
 *     async for raw_line in reader:
 *         data = raw_line.decode("utf8")
 *         all_lines.append(data)
 *     html = "\r\n".join(all_lines)
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
 * print("耗时:", time.time() - start)          # elapsed
 *
 * start = time.time()
 * loop.run_until_complete(main(loop))
 * print("耗时:", time.time() - start)
 * </pre>
 *
 * <p>Python's {@code async for raw_line in reader} is {@code for (var it = reader;
 * await(it.hasNext()); ) { byte[] rawLine = it.next(); }}: {@code hasNext} suspends until a
 * line or EOF is there. Three changes to the seed: the port is the URL's when it names one (the
 * seed always connects to 80, even for its {@code https} URLs); the lines are joined with their
 * line ends taken off, where the seed's {@code "\r\n".join} doubles them; and the writer is
 * closed after the response, which the seed leaves open. {@link AsCompleted} is the same program
 * with sleeps for the requests, on a virtual clock.
 *
 * <p>Arguments: the URLs to fetch; by default the seed's twenty {@code
 * https://baike.baidu.com/item/i} (which, as in the seed, talk plain HTTP to port 80).
 */
public final class GetHtml {
  private GetHtml() {}

  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * Sends a GET for {@code url} with {@code Connection: close} and returns the whole response.
   *
   * @param url the page; its port, or 80
   * @return the coroutine, whose result is the response's lines joined with {@code \n}
   */
  @Coroutine
  static Coro<String> getHtml(String url) {
    URI uri = URI.create(url);
    String host = uri.getHost();
    String netloc = uri.getRawAuthority(); // Python's url.netloc: the Host header
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    Streams connection = await(openConnection(host, port));
    StreamReader reader = connection.reader();
    StreamWriter writer = connection.writer();
    String request =
        "GET " + path + " HTTP/1.1\r\nHost:" + netloc + "\r\nConnection:close\r\n\r\n";
    writer.write(request.getBytes(StandardCharsets.UTF_8));
    // read the data
    List<String> allLines = new ArrayList<>();
    for (var it = reader; await(it.hasNext()); ) { // async for raw_line in reader:
      byte[] rawLine = it.next();
      allLines.add(new String(withoutLineEnd(rawLine), StandardCharsets.UTF_8));
    }
    writer.close();
    await(writer.waitClosed());
    String html = String.join("\n", allLines);
    return done(html);
  }

  private static byte[] withoutLineEnd(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
    }
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    return end == line.length ? line : Arrays.copyOf(line, end);
  }

  /**
   * Starts a task per URL and prints each response as its task finishes.
   *
   * @param loop the loop, unused as in the seed
   * @param urls the pages
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(EventLoop loop, List<String> urls) {
    List<Future<String>> tasks = new ArrayList<>();
    for (String url : urls) {
      tasks.add(Asyncio.ensureFuture(getHtml(url))); // ensure_future gives the result later
    }
    for (Coro<String> task : Asyncio.asCompleted(tasks)) { // the i-th to finish, not tasks[i]
      String result = await(task);
      System.out.println(result);
    }
    return done();
  }

  private static void printElapsed(long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.println(String.format(Locale.ROOT, "elapsed: %.2f s", seconds));
  }

  /**
   * Fetches every page under {@code asyncio.wait} and prints them in order, then fetches them
   * again with {@link #main(EventLoop, List)} and prints them as they come; each time, prints
   * how long it took.
   *
   * @param urls the pages
   */
  static void run(List<String> urls) {
    long start = System.nanoTime();
    EventLoop loop = Asyncio.newEventLoop();
    Asyncio.setEventLoop(loop); // Python's get_event_loop() made it the current loop
    try {
      List<Future<String>> tasks = new ArrayList<>();
      for (String url : urls) {
        tasks.add(Asyncio.ensureFuture(getHtml(url)));
      }
      loop.runUntilComplete(Asyncio.wait(tasks));
      for (Future<String> task : tasks) {
        System.out.println(task.result());
      }
      printElapsed(start);

      // print each one as it comes
      start = System.nanoTime();
      loop.runUntilComplete(main(loop, urls));
      printElapsed(start);
    } finally {
      Asyncio.setEventLoop(null);
      loop.close();
    }
  }

  /**
   * Runs the program.
   *
   * @param args the URLs; by default the seed's twenty
   */
  public static void main(String[] args) {
    List<String> urls = new ArrayList<>(Arrays.asList(args));
    if (urls.isEmpty()) {
      for (int i = 0; i < 20; i++) {
        urls.add("https://baike.baidu.com/item/" + i);
      }
    }
    run(urls);
  }
}
