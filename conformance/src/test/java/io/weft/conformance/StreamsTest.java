package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.open_connection} and {@code asyncio.start_server} over loopback TCP: CPython's
 * test_streams.py StreamTests that use real connections (test_start_server, test_async_writer_api,
 * test_wait_closed_on_close, test_eof_feed_when_closing_writer), plus flow control and a large
 * transfer. Every await that waits for the network has a timeout; no test sleeps.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsTest {

  // ------------------------------------------------------------------ start_server

  @Coroutine
  static Coro<Void> handleClient(StreamReader reader, StreamWriter writer) {
    byte[] data = await(reader.readline());
    writer.write(data);
    await(writer.drain());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<byte[]> client(int port) {
    Streams s = await(waitFor(openConnection("127.0.0.1", port), 10));
    s.writer().write(b("hello world!\n"));
    byte[] back = await(waitFor(s.reader().readline(), 10));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    return done(back);
  }

  @Coroutine
  static Coro<Void> startServerBothCallbackKinds() {
    List<Map<String, Object>> messages = recordErrors();
    // a coroutine as the client handler
    Server server = await(startServer(StreamsTest::handleClient, "127.0.0.1", 0));
    assertEquals("hello world!\n", s(await(client(port(server)))));
    server.close();
    await(waitFor(server.waitClosed(), 10));

    // a plain callback as the client handler
    Server server2 = await(startServer((reader, writer) -> {
      createTask(handleClient(reader, writer));
      return null;
    }, "127.0.0.1", 0));
    assertEquals("hello world!\n", s(await(client(port(server2)))));
    server2.close();
    await(waitFor(server2.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_streams.py test_start_server: a coroutine handler and a plain callback handler. */
  @Test
  void startServerServesACoroutineHandlerAndAPlainCallback() {
    run(startServerBothCallbackKinds());
  }

  // ------------------------------------------------------------------ lines

  @Coroutine
  static Coro<Void> upperCaseLines(StreamReader reader, StreamWriter writer) {
    for (var it = reader; await(it.hasNext()); ) {
      byte[] line = it.next();
      writer.write(s(line).toUpperCase().getBytes(StandardCharsets.ISO_8859_1));
      await(writer.drain());
    }
    writer.close(); // the client ended its side: end ours
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> lineEcho() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamsTest::upperCaseLines, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().writelines(List.of(b("one\n"), b("two\nthr"), b("ee\nlast")));
    await(s.writer().drain());
    assertTrue(s.writer().canWriteEof());
    s.writer().writeEof();
    List<String> got = new ArrayList<>();
    for (var it = s.reader(); await(waitFor(it.hasNext(), 10)); ) {
      got.add(s(it.next()));
    }
    assertEquals(List.of("ONE\n", "TWO\n", "THREE\n", "LAST"), got);
    assertTrue(s.reader().atEof());
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * streams.py StreamReader.__anext__ over a connection: {@code async for line in reader} on
   * both sides, the client half-closing with write_eof.
   */
  @Test
  void asyncForOverTheLinesOfAConnection() {
    // in debug mode: thread checks and slow-callback timing around every I/O callback
    run(lineEcho(), true);
  }

  // ------------------------------------------------------------------ writer API

  @Coroutine
  static Coro<Void> writerApi() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamsTest::handleClient, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    StreamWriter w = s.writer();
    assertEquals(new InetSocketAddress("127.0.0.1", port(server)), w.getExtraInfo("peername"));
    assertNotNull(w.getExtraInfo("sockname"));
    assertEquals(42, w.getExtraInfo("nothing", 42));
    assertNotNull(w.transport());
    assertTrue(w.toString().startsWith("<StreamWriter transport="), w.toString());
    w.write(b("GET\n"));
    assertEquals("GET\n", s(await(waitFor(s.reader().readline(), 10))));
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "the server closed");
    assertFalse(w.isClosing());
    w.close();
    assertTrue(w.isClosing());
    await(waitFor(w.waitClosed(), 10));
    await(waitFor(w.waitClosed(), 10)); // again: already closed
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_streams.py test_async_writer_api and test_wait_closed_on_close. */
  @Test
  void theWriterClosesAndWaitClosedReturnsOnceClosed() {
    run(writerApi());
  }

  @Coroutine
  static Coro<Void> eofFedWhenClosingWriter() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamsTest::handleClient, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    assertTrue(s.reader().atEof());
    assertEquals(0, await(s.reader().read()).length);
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_streams.py test_eof_feed_when_closing_writer (bpo-35065). */
  @Test
  void closingTheWriterFeedsEofToTheReader() {
    run(eofFedWhenClosingWriter());
  }

  // ------------------------------------------------------------------ flow control

  static final int CHUNK = 64 * 1024;
  static final int TOTAL = 8 * 1024 * 1024;

  /** A slow consumer: reads 4 KiB at a time and yields to the loop after each read. */
  @Coroutine
  static Coro<Void> slowConsumer(StreamReader reader, StreamWriter writer, Future<Long> count) {
    long n = 0;
    for (;;) {
      byte[] got = await(reader.read(4096));
      if (got.length == 0) {
        break;
      }
      n += got.length;
      await(sleep(0));
    }
    count.setResult(n);
    writer.close();
    return done();
  }

  @Coroutine
  static Coro<Void> drainAgainstSlowReader() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Long> count = loop.createFuture();
    Server server = await(startServer((r, w) -> slowConsumer(r, w, count), "127.0.0.1", 0,
        4096, ServerOptions.defaults()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    StreamWriter w = s.writer();
    io.weft.net.TransportSocket sock =
        (io.weft.net.TransportSocket) w.getExtraInfo("socket");
    sock.setsockopt(StandardSocketOptions.SO_SNDBUF, 16 * 1024); // so that the kernel fills up
    int high = w.transport().getWriteBufferLimits().high();
    assertEquals(64 * 1024, high, "Python's default high-water mark");
    assertEquals(16 * 1024, w.transport().getWriteBufferLimits().low());
    byte[] chunk = new byte[CHUNK];
    long maxBuffered = 0;
    int pausedDrains = 0;
    for (int sent = 0; sent < TOTAL; sent += CHUNK) {
      w.write(chunk);
      long buffered = w.transport().getWriteBufferSize();
      maxBuffered = Math.max(maxBuffered, buffered);
      if (buffered > high) {
        pausedDrains++;
      }
      await(waitFor(w.drain(), 30));
      assertTrue(w.transport().getWriteBufferSize() <= high,
          "drain returned with " + w.transport().getWriteBufferSize() + " bytes buffered");
    }
    w.writeEof();
    assertEquals((long) TOTAL, await(waitFor(count, 30)));
    assertTrue(pausedDrains > 0, "the writer never got ahead of the slow reader");
    assertTrue(maxBuffered <= high + CHUNK,
        "the write buffer grew to " + maxBuffered + " bytes: drain did not hold the writer back");
    w.close();
    await(waitFor(w.waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * streams.py StreamWriter.drain and transports.py _FlowControlMixin: a fast writer that drains
   * after each write, against a reader that consumes slowly, never buffers more than the
   * high-water mark plus one write, and every byte arrives.
   */
  @Test
  void drainHoldsAFastWriterBackSoTheBufferStaysBounded() {
    run(drainAgainstSlowReader());
  }

  // ------------------------------------------------------------------ a large transfer

  @Coroutine
  static Coro<Void> echoAll(StreamReader reader, StreamWriter writer) {
    for (;;) {
      byte[] chunk = await(reader.read(65536));
      if (chunk.length == 0) {
        break;
      }
      writer.write(chunk);
      await(writer.drain());
    }
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> sendAll(StreamWriter writer, byte[] data) {
    int step = 100_000;
    for (int at = 0; at < data.length; at += step) {
      writer.write(java.nio.ByteBuffer.wrap(data, at, Math.min(step, data.length - at)));
      await(writer.drain());
    }
    writer.writeEof();
    return done();
  }

  @Coroutine
  static Coro<Void> tenMegabytes() {
    List<Map<String, Object>> messages = recordErrors();
    byte[] data = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(data);
    Server server = await(startServer(StreamsTest::echoAll, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    Task<Void> sender = createTask(sendAll(s.writer(), data));
    byte[] back = await(waitFor(s.reader().readexactly(data.length), 60));
    assertArrayEquals(data, back, "the 10 MB came back byte for byte");
    await(waitFor(sender, 10));
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "then EOF");
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** A 10 MB echo through streams in both directions at once arrives byte-exact. */
  @Test
  void tenMegabytesEchoedArriveByteExact() {
    run(tenMegabytes());
  }

  @Coroutine
  static Coro<String> oneClient(int port, int id) {
    Streams s = await(waitFor(openConnection("127.0.0.1", port), 10));
    s.writer().write(b("client " + id + "\n"));
    await(s.writer().drain());
    byte[] back = await(waitFor(s.reader().readline(), 10));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    return done(s(back));
  }

  @Coroutine
  static Coro<Void> manyClients() {
    List<Map<String, Object>> messages = recordErrors();
    // (a backlog smaller than the burst would make the kernel drop SYNs, retried a second later)
    Server server = await(startServer(StreamsTest::handleClient, "127.0.0.1", 0));
    int port = port(server);
    List<Task<String>> clients = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      clients.add(createTask(oneClient(port, i)));
    }
    for (int i = 0; i < 64; i++) {
      assertEquals("client " + i + "\n", await(waitFor(clients.get(i), 30)));
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * base_events.py _accept_connection: 64 clients connecting at once are all accepted (several
   * per readiness event) and served.
   */
  @Test
  void sixtyFourClientsAtOnceAreAllServed() {
    run(manyClients());
  }
}
