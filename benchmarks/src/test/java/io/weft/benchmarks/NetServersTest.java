package io.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sanity checks, not timings: every H1 server answers real HTTP/1.1 keep-alive requests (one
 * after another, pipelined, split across writes, with a body, and {@code Connection: close})
 * with the hello-world response, and every E1 server echoes 1 KiB messages, so that the
 * benchmarks compare working servers. Loopback only; every read has a timeout.
 */
class NetServersTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private static final String RESPONSE =
      new String(HttpHello.RESPONSE, StandardCharsets.US_ASCII);

  static Stream<Named<NetServer.Starter>> servers() {
    return Stream.of(
        Named.of("weft-protocol", WeftProtocolServers::start),
        Named.of("weft-streams", WeftStreamsServers::start),
        Named.of("netty", NettyServers::start),
        // virtual threads where the JVM has them (JDK 21+); platform threads otherwise, which
        // checks the same code
        Named.of("loom", (kind, port) -> LoomServers.start(kind, port,
            Loom.available() ? Loom::start : NetServersTest::platformThread)),
        Named.of("raw-nio", RawNioServers::start));
  }

  private static Thread platformThread(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Socket connect(NetServer server) throws IOException {
    Socket s = new Socket(NetServer.HOST, server.port());
    s.setSoTimeout(5000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one response: its head up to the empty line, then Content-Length bytes of body. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
    }
    String h = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return h + new String(body, StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @MethodSource("servers")
  void answersKeepAliveRequestsOneAfterAnotherOnOneConnection(NetServer.Starter starter)
      throws Exception {
    try (NetServer server = starter.start(NetServer.Kind.HTTP, 0); Socket s = connect(server)) {
      for (int i = 0; i < 3; i++) {
        send(s, GET);
        assertEquals(RESPONSE, readResponse(s.getInputStream()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void answersPipelinedRequestsInOrder(NetServer.Starter starter) throws Exception {
    try (NetServer server = starter.start(NetServer.Kind.HTTP, 0); Socket s = connect(server)) {
      send(s, GET + GET + "GET /other HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
      for (int i = 0; i < 3; i++) {
        assertEquals(RESPONSE, readResponse(s.getInputStream()));
      }
      send(s, GET.repeat(100)); // more than one batch of responses
      for (int i = 0; i < 100; i++) {
        assertEquals(RESPONSE, readResponse(s.getInputStream()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void answersARequestSplitAcrossWritesAndSkipsABody(NetServer.Starter starter)
      throws Exception {
    try (NetServer server = starter.start(NetServer.Kind.HTTP, 0); Socket s = connect(server)) {
      send(s, "GET / HT");
      Thread.sleep(30);
      send(s, "TP/1.1\r\nHost: 127.0.0.1\r");
      Thread.sleep(30);
      send(s, "\n\r");
      Thread.sleep(30);
      send(s, "\n");
      assertEquals(RESPONSE, readResponse(s.getInputStream()));
      send(s, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello=world" + GET);
      assertEquals(RESPONSE, readResponse(s.getInputStream()));
      assertEquals(RESPONSE, readResponse(s.getInputStream()));
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void closesAfterAnsweringConnectionClose(NetServer.Starter starter) throws Exception {
    try (NetServer server = starter.start(NetServer.Kind.HTTP, 0); Socket s = connect(server)) {
      send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String response = readResponse(s.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
      assertTrue(response.endsWith("\r\n\r\n" + HttpHello.BODY), response);
      assertEquals(-1, s.getInputStream().read(), "the server closes the connection");
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void echoes1KiBMessages(NetServer.Starter starter) throws Exception {
    Random random = new Random(42);
    try (NetServer server = starter.start(NetServer.Kind.ECHO, 0);
        Socket a = connect(server);
        Socket b = connect(server)) {
      for (int i = 0; i < 3; i++) {
        for (Socket s : new Socket[] {a, b}) {
          byte[] message = new byte[1024];
          random.nextBytes(message);
          s.getOutputStream().write(message);
          assertArrayEquals(message, s.getInputStream().readNBytes(1024));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("servers")
  void theLoadGeneratorCompletesRoundTrips(NetServer.Starter starter) throws Exception {
    try (NetServer server = starter.start(NetServer.Kind.ECHO, 0)) {
      EchoLoad.Result r = EchoLoad.run(NetServer.HOST, server.port(), 8, 1024, 0, 0.2);
      assertTrue(r.roundTrips() > 0, r::toString);
      assertTrue(r.p99() >= r.p50(), r::toString);
    }
  }
}
