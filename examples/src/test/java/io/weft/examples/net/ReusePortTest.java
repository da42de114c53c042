package io.weft.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.examples.Clients;
import io.weft.examples.ServerThread;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Four loops on one port, each connection a new one: the kernel spreads them, so every loop
 * serves some. Linux only, where {@code SO_REUSEPORT} balances connections among sockets.
 */
class ReusePortTest {
  private static final int LOOPS = 4;
  private static final int CONNECTIONS = 200;
  private static final Pattern LOOP = Pattern.compile("Hello, World! \\((loop-\\d+)\\)");

  /** Opens a connection, sends one GET that closes it, and returns the loop that answered. */
  private static String getOnce(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      String request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
      assertTrue(response.contains("\r\nConnection: close\r\n"), response);
      Matcher m = LOOP.matcher(response);
      assertTrue(m.find(), response);
      return m.group(1);
    }
  }

  @Test
  void everyLoopServesSomeOfTheConnections() throws Exception {
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux"), "SO_REUSEPORT balances on Linux");
    try (ServerThread server =
        ServerThread.start(() -> ReusePort.run("127.0.0.1", 0, CONNECTIONS, LOOPS))) {
      int port = server.port();
      Map<String, Integer> seen = new TreeMap<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        seen.merge(getOnce(port), 1, Integer::sum);
      }
      assertEquals(LOOPS, seen.size(), "each loop answered some: " + seen);

      List<String> lines = server.join();
      assertEquals("Serving on 127.0.0.1:" + port + " with 4 loops", lines.get(0));
      // what each loop says it served is what the client saw it serve
      for (int i = 1; i <= LOOPS; i++) {
        int n = seen.get("loop-" + i);
        String s = n == 1 ? "" : "s";
        assertEquals("loop-" + i + ": " + n + " connection" + s + ", " + n + " request" + s,
            lines.get(i));
      }
      assertEquals(LOOPS + 1, lines.size(), lines.toString());
    }
  }

  @Test
  void curlKeepsItsConnectionOnOneLoop() throws Exception {
    try (ServerThread server = ServerThread.start(() -> ReusePort.run("127.0.0.1", 0, 1, 2))) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      Clients.Output curl = Clients.curl("-s", "--max-time", "30", url, url, url);
      Matcher m = LOOP.matcher(curl.stdout());
      assertTrue(m.find(), curl.stdout());
      String loop = m.group(1);
      assertEquals(("Hello, World! (" + loop + ")").repeat(3), curl.stdout());
      List<String> lines = server.join();
      assertTrue(lines.contains(loop + ": 1 connection, 3 requests"), lines.toString());
    }
  }
}
