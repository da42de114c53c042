package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.net.CipherInfo;
import io.weft.net.ConnectionOptions;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weft client and Weft server over TLS with streams: CPython's test_ssl.py (the uvloop-derived
 * suite) test_create_server_ssl_1, test_create_connection_ssl_1, test_flush_before_shutdown,
 * test_remote_shutdown_receives_trailing_data, and test_streams.py's TLS echo. The certificate
 * is made at run time ({@link TlsCerts}). Loopback only; every wait has a timeout.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsStreamsTest {

  static ServerOptions tlsServer() {
    return ServerOptions.defaults().withSsl(TlsCerts.serverContext());
  }

  static ConnectionOptions tlsClient() {
    return ConnectionOptions.defaults().withSsl(TlsCerts.clientContext());
  }

  // ------------------------------------------------------------------ echo

  @Coroutine
  static Coro<Void> upperEcho(StreamReader reader, StreamWriter writer) {
    byte[] line = await(reader.readline());
    writer.write(b(s(line).toUpperCase()));
    await(writer.drain());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> echo() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(TlsStreamsTest::upperEcho, "127.0.0.1", 0, tlsServer()));
    SSLContext ctx = TlsCerts.clientContext();
    // no serverHostname: Python checks the certificate against the host, here 127.0.0.1
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server),
        ConnectionOptions.defaults().withSsl(ctx)), 10));
    StreamWriter w = s.writer();
    w.write(b("hello over tls\n"));
    assertEquals("HELLO OVER TLS\n", s(await(waitFor(s.reader().readline(), 10))));
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "the server closed");
    assertTrue(s.reader().atEof());

    assertSame(ctx, w.getExtraInfo("sslcontext"));
    assertTrue(w.getExtraInfo("ssl_object") instanceof SSLEngine);
    X509Certificate peer = (X509Certificate) w.getExtraInfo("peercert");
    assertEquals("CN=localhost", peer.getSubjectX500Principal().getName());
    CipherInfo cipher = (CipherInfo) w.getExtraInfo("cipher");
    assertEquals("TLSv1.3", cipher.protocol());
    assertTrue(cipher.name().startsWith("TLS_"), cipher.name());
    assertTrue(cipher.secretBits() >= 128, cipher.toString());
    assertNull(w.getExtraInfo("compression", "known"), "the key is there, its value null");
    assertEquals(new InetSocketAddress("127.0.0.1", port(server)), w.getExtraInfo("peername"));
    assertNotNull(w.getExtraInfo("socket"));
    assertFalse(w.canWriteEof());
    assertThrows(UnsupportedOperationException.class, w::writeEof);
    assertTrue(w.transport().toString().startsWith("<SslTransport"), w.transport().toString());

    w.close();
    await(waitFor(w.waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_create_connection_ssl_1 / test_create_server_ssl_1: a line echoed over TLS,
   * the extra info of a TLS transport, no half-close.
   */
  @Test
  void aLineIsEchoedOverTlsAndTheTransportDescribesTheSession() {
    run(echo());
  }

  @Test
  void theEchoWorksInDebugMode() {
    run(echo(), true);
  }

  // ------------------------------------------------------------------ a large transfer

  static final int BIG = 5 * 1024 * 1024;

  /** Echoes everything back, 64 KiB at a time, draining each write, until EOF. */
  @Coroutine
  static Coro<Void> byteEcho(StreamReader reader, StreamWriter writer) {
    for (;;) {
      byte[] got = await(reader.read(64 * 1024));
      if (got.length == 0) {
        break;
      }
      writer.write(got);
      await(writer.drain());
    }
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<byte[]> readExactly(StreamReader reader, int n) {
    byte[] all = await(reader.readexactly(n));
    return done(all);
  }

  @Coroutine
  static Coro<Void> bigTransfer() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(TlsStreamsTest::byteEcho, "127.0.0.1", 0, tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
    byte[] data = new byte[BIG];
    new Random(42).nextBytes(data);
    Task<byte[]> back = createTask(readExactly(s.reader(), BIG));
    int at = 0;
    int step = 100_003; // odd sizes: records and reads never line up with writes
    while (at < BIG) {
      int n = Math.min(step, BIG - at);
      s.writer().write(Arrays.copyOfRange(data, at, at + n));
      at += n;
      await(waitFor(s.writer().drain(), 30));
    }
    byte[] got = await(waitFor(back, 60));
    assertArrayEquals(data, got, "5 MB came back byte for byte");
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_ssl.py test_create_connection_ssl_1 (its A_DATA/B_DATA, scaled up): 5 MB echoed. */
  @Test
  void fiveMegabytesMakeTheRoundTripByteExact() {
    run(bigTransfer());
  }

  // ------------------------------------------------------------------ flow control

  static final int CHUNK = 64 * 1024;
  static final int TOTAL = 8 * 1024 * 1024;

  /** A reader that waits for a go, then reads slowly, 4 KiB at a time. */
  @Coroutine
  static Coro<Void> slowConsumer(StreamReader reader, StreamWriter writer, Future<Void> go,
      Future<Long> count) {
    await(go);
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
  static Coro<Void> drainAgainstSlowTlsReader() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Void> go = loop.createFuture();
    Future<Long> count = loop.createFuture();
    Server server = await(startServer((r, w) -> slowConsumer(r, w, go, count), "127.0.0.1", 0,
        4096, tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
    StreamWriter w = s.writer();
    // default socket buffers: a tiny SO_SNDBUF (one loopback segment in flight) meets the
    // receiver's delayed ACKs, 40 ms each, and the test would measure TCP instead of TLS
    int high = w.transport().getWriteBufferLimits().high();
    assertEquals(512 * 1024, high, "Python's TLS high-water mark");
    assertEquals(128 * 1024, w.transport().getWriteBufferLimits().low());
    byte[] chunk = new byte[CHUNK];
    long maxBuffered = 0;
    int pausedDrains = 0;
    long sent = 0;
    for (; sent < TOTAL; sent += CHUNK) {
      w.write(chunk);
      long buffered = w.transport().getWriteBufferSize();
      maxBuffered = Math.max(maxBuffered, buffered);
      if (buffered > high) {
        pausedDrains++;
        if (!go.done()) {
          go.setResult(null); // the writer got ahead of a reader that read nothing: now read
        }
      }
      await(waitFor(w.drain(), 30));
      assertTrue(w.transport().getWriteBufferSize() <= high,
          "drain returned with " + w.transport().getWriteBufferSize() + " bytes buffered");
    }
    assertTrue(pausedDrains > 0, "the writer never got ahead of the slow reader");
    assertTrue(maxBuffered <= high + CHUNK,
        "the write buffer grew to " + maxBuffered + " bytes: drain did not hold the writer back");
    w.close(); // close_notify after the data: the reader sees every byte, then EOF
    assertEquals((long) TOTAL, await(waitFor(count, 60)));
    await(waitFor(w.waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_flush_before_shutdown and sslproto.py's write flow control: against a TLS
   * reader that does not read, the writer is paused once TLS holds more than the high-water mark
   * (512 KiB) and drain() holds it there; every byte arrives before the close_notify.
   */
  @Test
  void drainHoldsAWriterBackAgainstASlowTlsReader() {
    run(drainAgainstSlowTlsReader());
  }

  // ------------------------------------------------------------------ close and EOF

  @Coroutine
  static Coro<Void> readToEofThenReply(StreamReader reader, StreamWriter writer,
      Future<String> got) {
    byte[] all = await(reader.read()); // to the client's close_notify
    got.setResult(s(all));
    assertTrue(reader.atEof());
    writer.write(b("too late")); // the connection is shutting down: dropped, as Python drops it
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> clientCloses() {
    List<Map<String, Object>> messages = recordErrors();
    Future<String> got = getRunningLoop().createFuture();
    Server server = await(startServer((r, w) -> readToEofThenReply(r, w, got), "127.0.0.1", 0,
        tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
    s.writer().writelines(List.of(b("one "), b("two "), b("three")));
    s.writer().close(); // flushes, sends close_notify, waits for the server's
    assertTrue(s.writer().isClosing());
    assertEquals("one two three", await(waitFor(got, 10)));
    await(waitFor(s.writer().waitClosed(), 10)); // no error: the server answered close_notify
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length);
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_remote_shutdown_receives_trailing_data (the data before close_notify all
   * arrive) and test_streams.py test_eof_feed_when_closing_writer over TLS: the reader sees EOF
   * at the peer's close_notify, both waitClosed() return without error.
   */
  @Test
  void closeSendsCloseNotifyAfterTheDataAndThePeerReadsEof() {
    run(clientCloses());
  }

  @Coroutine
  static Coro<Void> greetAndClose(StreamReader reader, StreamWriter writer) {
    writer.write(b("hello"));
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> serverCloses() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(TlsStreamsTest::greetAndClose, "127.0.0.1", 0,
        tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
    assertEquals("hello", s(await(waitFor(s.reader().read(), 10))));
    assertTrue(s.reader().atEof());
    await(waitFor(s.writer().waitClosed(), 10)); // the client answered and the TCP closed
    assertTrue(s.writer().isClosing());
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** sslproto.py _do_read on close_notify: the peer's close reaches the reader as EOF. */
  @Test
  void theServersCloseNotifyIsEofForTheClient() {
    run(serverCloses());
  }

  // ------------------------------------------------------------------ abort

  @Coroutine
  static Coro<Void> readAll(StreamReader reader, StreamWriter writer, Future<Object> outcome) {
    assertNull(writer.getExtraInfo("peercert"), "the client sent no certificate");
    try {
      writer.write(b("got " + s(await(reader.readline()))));
      outcome.setResult(s(await(reader.read())));
    } catch (Exception e) {
      outcome.setResult(e);
    }
    writer.close();
    return done();
  }

  @Coroutine
  static Coro<Void> clientAborts() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Object> outcome = loop.createFuture();
    Server server = await(startServer((r, w) -> readAll(r, w, outcome), "127.0.0.1", 0,
        tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
    io.weft.net.Transport t = s.writer().transport();
    t.setWriteBufferLimits(100, 10);
    assertEquals(new io.weft.net.WriteTransport.BufferLimits(10, 100),
        t.getWriteBufferLimits());
    assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 100));
    t.setWriteBufferLimits();
    assertEquals(512 * 1024, t.getWriteBufferLimits().high());
    s.writer().write(b("line\n"));
    // the answer comes after everything the server sent (its session ticket too): once it is
    // read, nothing unread is left, and the abort sends a FIN, not a reset
    assertEquals("got line\n", s(await(waitFor(s.reader().readline(), 10))));
    s.writer().write(b("partial"));
    await(waitFor(s.writer().drain(), 10));
    t.abort(); // no close_notify: the server sees the TCP end alone
    assertTrue(t.isClosing());
    assertFalse(t.isReading());
    await(waitFor(s.writer().waitClosed(), 10)); // connectionLost(null)
    // Python treats a TCP end without close_notify as EOF (no truncation error)
    assertEquals("partial", await(waitFor(outcome, 10)));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * sslproto.py _SSLProtocolTransport.abort and eof_received in WRAPPED: abort() ends the
   * connection at once without close_notify; the peer reads the data that came before, then EOF.
   */
  @Test
  void abortEndsTheConnectionWithoutCloseNotifyAndThePeerReadsEof() {
    run(clientAborts());
  }

  // ------------------------------------------------------------------ shutdown timeout

  /** A TLS server protocol that never reads again, so never answers close_notify. */
  static final class Deaf implements io.weft.net.Protocol {
    @Override
    public void connectionMade(io.weft.net.Transport transport) {
      transport.pauseReading();
    }
  }

  @Coroutine
  static Coro<Void> shutdownTimesOut() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createServer(Deaf::new, "127.0.0.1", 0, tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server),
        tlsClient().withSslShutdownTimeout(0.3)), 10));
    double start = loop.time();
    s.writer().close();
    try {
      await(waitFor(s.writer().waitClosed(), 10));
      fail("the shutdown did not time out");
    } catch (io.weft.TimeoutError e) {
      assertEquals("SSL shutdown timed out", e.getMessage());
    }
    assertTrue(loop.time() - start >= 0.3, "timed out after " + (loop.time() - start));
    server.abortClients();
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_shutdown_timeout_handler_*: a peer that never answers close_notify; after
   * sslShutdownTimeout (on the loop's clock) the connection is aborted with TimeoutError("SSL
   * shutdown timed out"), which waitClosed() raises.
   */
  @Test
  void aPeerThatNeverAnswersCloseNotifyTimesTheShutdownOut() {
    run(shutdownTimesOut());
  }
}
