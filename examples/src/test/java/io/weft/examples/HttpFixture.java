package io.weft.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that Weft did not write (the JDK's {@code com.sun.net.httpserver}), on
 * 127.0.0.1 and a port the system chooses, for the examples that are HTTP clients. Each request
 * runs on a thread of its own, so slow responses overlap. Closing it stops it at once.
 *
 * <p>The JDK's server adds a {@code Date} header to every response, and writes header names with
 * only their first letter capitalized ({@code Content-type}).
 */
public final class HttpFixture implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private HttpFixture(HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        exchange -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try (exchange) {
            handler.handle(exchange);
          } finally {
            inFlight.decrementAndGet();
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  /**
   * Starts a server answering every request with {@code handler}.
   *
   * @param handler answers each request; the exchange is closed after it
   * @return the server, serving
   * @throws IOException when it cannot bind
   */
  public static HttpFixture start(HttpHandler handler) throws IOException {
    return new HttpFixture(handler);
  }

  /** Returns the port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Returns the largest number of requests it was answering at the same time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /**
   * Sends a {@code 200} response with {@code body} and the given headers.
   *
   * @param exchange the request
   * @param status the status code
   * @param headers the response's headers, besides {@code Date} and {@code Content-length}
   * @param body the response's body
   * @throws IOException when the client went away
   */
  public static void respond(
      HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Reads a test resource as UTF-8 text.
   *
   * @param name the resource's path from the root of the class path
   * @return its text
   */
  public static String resource(String name) {
    try (InputStream in = HttpFixture.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sleeps on the request's thread, as a slow server would.
   *
   * @param seconds how long
   */
  public static void delay(double seconds) {
    try {
      TimeUnit.MICROSECONDS.sleep((long) (seconds * 1e6));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ what the examples fetch

  /**
   * Answers by the request's {@code Host}, each of the hosts of the {@code wget} seed with its own
   * status and headers; any other host with 404.
   *
   * @return the handler
   */
  public static HttpHandler seedSites() {
    return exchange -> {
      String host = exchange.getRequestHeaders().getFirst("Host");
      switch (String.valueOf(host)) {
        case "www.sina.com.cn" ->
            respond(exchange, 200, Map.of("Server", "sina"), "<html>sina</html>");
        case "www.sohu.com" ->
            respond(exchange, 200, Map.of("Content-Type", "text/html"), "<html>sohu</html>");
        case "www.163.com" ->
            respond(exchange, 302, Map.of("Location", "https://www.163.com/"), "moved");
        default -> respond(exchange, 404, Map.of(), "no site " + host);
      }
    };
  }

  /** How long {@link #items()} takes for {@code /item/i}, in seconds: 0.2 s apart. */
  public static final double[] ITEM_DELAYS = {0.6, 0.2, 1.0, 0.4, 0.8};

  /**
   * Serves {@code /item/i} after {@code ITEM_DELAYS[i]} seconds, as {@code <html>item i</html>}.
   *
   * @return the handler
   */
  public static HttpHandler items() {
    return exchange -> {
      String path = exchange.getRequestURI().getPath();
      int i = Integer.parseInt(path.substring("/item/".length()));
      delay(ITEM_DELAYS[i]);
      respond(exchange, 200, Map.of(), "<html>item " + i + "</html>");
    };
  }

  /**
   * Returns the URLs {@link #items()} serves, on this server.
   *
   * @return {@code http://127.0.0.1:PORT/item/i} for each item
   */
  public String[] itemUrls() {
    String[] urls = new String[ITEM_DELAYS.length];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = url() + "/item/" + i;
    }
    return urls;
  }

  /**
   * Serves the pages of {@code src/test/resources/douban/} as {@code /top250} (the first) and
   * {@code /top250?start=N&filter=}, each after {@code seconds}; 404 for anything else.
   *
   * @param seconds how long each page takes
   * @return the handler
   */
  public static HttpHandler douban(double seconds) {
    return exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      String start = "0";
      if (query != null) {
        for (String pair : query.split("&")) {
          if (pair.startsWith("start=")) {
            start = pair.substring("start=".length());
          }
        }
      }
      String name = "douban/top250-start-" + start + ".html";
      if (!exchange.getRequestURI().getPath().equals("/top250")
          || HttpFixture.class.getResource("/" + name) == null) {
        respond(exchange, 404, Map.of(), "not found");
        return;
      }
      delay(seconds);
      respond(exchange, 200, Map.of("Content-Type", "text/html; charset=utf-8"), resource(name));
    };
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
