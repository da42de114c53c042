package io.weft.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.Clients;
import io.weft.examples.ServerThread;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server on 127.0.0.1, talked to by curl and by python3's {@code http.client} and
 * {@code socket}. Each runs the server for one connection: had a client opened a second one, it
 * would have been refused, and the server's line counts the requests the one connection carried.
 */
class HttpServerTest {

  /** Keep-alive requests through http.client: GETs, a POST with a body, HEAD, then a close. */
  private static final String HTTP_CLIENT =
      """
      import http.client, sys
      c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
      for path in ("/", "/a", "/b?c=d"):
          c.request("GET", path)
          r = c.getresponse()
          print(r.status, r.getheader("Content-Length"), r.read().decode(), r.will_close)
      c.request("POST", "/form", body=b"x" * 300000)
      r = c.getresponse()
      print(r.status, r.read().decode())
      c.request("HEAD", "/")
      r = c.getresponse()
      print(r.status, r.getheader("Content-Length"), repr(r.read()))
      c.request("GET", "/", headers={"Connection": "close"})
      r = c.getresponse()
      print(r.status, r.read().decode(), r.will_close)
      c.close()
      """;

  /** Raw bytes: pipelined requests, HTTP/1.0 keep-alive, a request in pieces, a bad one. */
  private static final String RAW =
      """
      import socket, sys, time
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
      def responses(n):
          data = b""
          while data.count(b"Hello, World!") < n:
              data += s.recv(65536)
          return data
      s.sendall(b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n" * 3)
      print("pipelined:", responses(3).count(b"HTTP/1.1 200 OK"))
      s.sendall(b"GET / HTTP/1.0\\r\\nConnection: Keep-Alive\\r\\n\\r\\n")
      print("http/1.0:", b"\\r\\nConnection: keep-alive\\r\\n" in responses(1))
      for piece in (b"GET / HT", b"TP/1.1\\r\\nHost: a\\r", b"\\n\\r\\n"):
          s.sendall(piece)
          time.sleep(0.05)
      print("in pieces:", responses(1).count(b"HTTP/1.1 200 OK"))
      s.sendall(b"NONSENSE\\r\\n\\r\\n")
      data = b""
      while chunk := s.recv(65536):
          data += chunk
      print("bad:", data.split(b"\\r\\n")[0].decode(), "then EOF")
      """;

  /** One request, then wait for the server to close the idle connection. */
  private static final String IDLE =
      """
      import socket, sys, time
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
      s.sendall(b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n")
      start = time.monotonic()
      data = b""
      while chunk := s.recv(65536):
          data += chunk
      print(data.count(b"Hello, World!"), "response, closed after", time.monotonic() - start)
      """;

  private static String masked(String line) {
    return line.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:#");
  }

  @Test
  void curlReusesOneConnectionForThreeRequests() throws Exception {
    try (ServerThread server = ServerThread.start(HttpServer.main("127.0.0.1", 0, 1))) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      Clients.Output curl = Clients.curl("-s", "-v", "--max-time", "30", url, url, url);
      assertEquals("Hello, World!".repeat(3), curl.stdout());
      assertEquals(2, curl.stderr().split("Re-using existing connection", -1).length - 1,
          curl.stderr());
      assertTrue(curl.stderr().contains("< Content-Length: 13"), curl.stderr());
      List<String> lines = server.join();
      assertEquals(List.of("Serving on 127.0.0.1:#", "127.0.0.1:#: 3 requests"),
          lines.stream().map(HttpServerTest::masked).toList());
    }
  }

  @Test
  void pythonHttpClientKeepsTheConnectionAlive() throws Exception {
    try (ServerThread server = ServerThread.start(HttpServer.main("127.0.0.1", 0, 1))) {
      Clients.Output client = Clients.python(HTTP_CLIENT, Integer.toString(server.port()));
      assertEquals(
          List.of(
              "200 13 Hello, World! False",
              "200 13 Hello, World! False",
              "200 13 Hello, World! False",
              "200 Hello, World!",
              "200 13 b''",
              "200 Hello, World! True"),
          client.lines());
      assertEquals("127.0.0.1:#: 6 requests", masked(server.join().get(1)));
    }
  }

  @Test
  void pipelinedSplitHttp10AndBadRequests() throws Exception {
    try (ServerThread server = ServerThread.start(HttpServer.main("127.0.0.1", 0, 1))) {
      Clients.Output client = Clients.python(RAW, Integer.toString(server.port()));
      assertEquals(
          List.of(
              "pipelined: 3",
              "http/1.0: True",
              "in pieces: 1",
              "bad: HTTP/1.1 400 Bad Request then EOF"),
          client.lines());
      assertEquals("127.0.0.1:#: 5 requests", masked(server.join().get(1)));
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
    try (ServerThread server = ServerThread.start(HttpServer.main("127.0.0.1", 0, 1, 0.3))) {
      Clients.Output client = Clients.python(IDLE, Integer.toString(server.port()));
      String line = client.stdout().strip();
      assertTrue(line.startsWith("1 response, closed after "), line);
      double after = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      assertTrue(after >= 0.25 && after < 10, line);
      assertEquals("127.0.0.1:#: 1 request", masked(server.join().get(1)));
    }
  }
}
