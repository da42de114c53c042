package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static io.weft.conformance.TlsStreamsTest.tlsClient;
import static io.weft.conformance.TlsStreamsTest.tlsServer;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.ConnectionAbortedError;
import io.weft.net.ConnectionOptions;
import io.weft.ConnectionResetError;
import io.weft.net.Protocol;
import io.weft.net.SSLCertVerificationError;
import io.weft.net.SSLError;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.Transport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS failures: CPython's test_ssl.py test_create_connection_ssl_failed_certificate,
 * test_create_connection_ssl_slow_handshake, test_handshake_timeout, the handshake cancellation
 * of test_sslproto.py (test_handshake_timeout_zero, test_connection_lost, test_close_during_
 * handshake) and base_events' argument checks. Loopback only; every wait has a timeout.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsErrorsTest {

  @Coroutine
  static Coro<Void> answer(StreamReader reader, StreamWriter writer) {
    writer.write(b("ok"));
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  // ------------------------------------------------------------------ certificates

  @Coroutine
  static Coro<Void> hostnameMismatch() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(TlsErrorsTest::answer, "127.0.0.1", 0, tlsServer()));
    try {
      await(waitFor(openConnection("127.0.0.1", port(server),
          tlsClient().withServerHostname("not-the-server.example")), 10));
      fail("connected to a server whose certificate names another host");
    } catch (SSLCertVerificationError e) {
      assertTrue(e.getMessage().startsWith("certificate verify failed: "), e.getMessage());
      assertTrue(e.getMessage().contains("not-the-server.example"), e.getMessage());
      assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, e.getCause());
    }
    // the server survives a client's failed handshake, and serves the next one
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server),
        tlsClient().withServerHostname("localhost")), 10));
    assertEquals("ok", s(await(waitFor(s.reader().read(), 10))));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages, "a failed handshake is reported in debug mode only");
    return done();
  }

  /**
   * test_ssl.py test_create_connection_ssl_failed_certificate, with a name mismatch: the
   * certificate is trusted but names localhost/127.0.0.1, the client asks for another host.
   * Python raises ssl.SSLCertVerificationError; the server goes on serving.
   */
  @Test
  void aServerHostnameTheCertificateDoesNotNameFailsTheConnect() {
    run(hostnameMismatch());
  }

  @Coroutine
  static Coro<Void> untrusted() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(TlsErrorsTest::answer, "127.0.0.1", 0, tlsServer()));
    try {
      await(waitFor(openConnection("127.0.0.1", port(server),
          ConnectionOptions.defaults().withSsl(TlsCerts.defaultClientContext())), 10));
      fail("a self-signed certificate passed the JDK's default trust store");
    } catch (SSLError e) { // caught by its Python base name
      assertInstanceOf(SSLCertVerificationError.class, e);
      assertTrue(e.getMessage().contains("PKIX"), e.getMessage());
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_ssl.py test_create_connection_ssl_failed_certificate: an untrusted certificate. */
  @Test
  void aCertificateNoTrustAnchorVouchesForFailsTheConnect() {
    run(untrusted());
  }

  @Coroutine
  static Coro<Void> clientSeesServerRejection() {
    EventLoop loop = getRunningLoop();
    List<Map<String, Object>> messages = new java.util.ArrayList<>();
    Future<Void> reported = loop.createFuture();
    loop.setExceptionHandler((l, ctx) -> {
      messages.add(ctx);
      if (!reported.done()) {
        reported.setResult(null);
      }
    });
    loop.setDebug(true);
    Server server = await(startServer(TlsErrorsTest::answer, "127.0.0.1", 0, tlsServer()));
    try {
      await(waitFor(openConnection("127.0.0.1", port(server),
          ConnectionOptions.defaults().withSsl(TlsCerts.defaultClientContext())), 10));
      fail("connected");
    } catch (SSLCertVerificationError expected) {
      // the client's side
    }
    // the server's side of the same handshake: the client's alert, reported in debug mode
    await(waitFor(reported, 10));
    loop.setDebug(false);
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(1, messages.size(), messages.toString());
    assertEquals("Error on transport creation for incoming connection",
        messages.get(0).get("message"));
    Object exc = messages.get(0).get("exception");
    // the client's alert (or, when the client's close overtook it with a reset, that reset)
    assertTrue(exc instanceof SSLError || exc instanceof ConnectionResetError, exc.toString());
    return done();
  }

  /**
   * base_events.py _accept_connection2: a server-side handshake failure (here the client's
   * alert) goes to the exception handler in debug mode only.
   */
  @Test
  void inDebugModeTheServerReportsAFailedHandshake() {
    run(clientSeesServerRejection());
  }

  // ------------------------------------------------------------------ a peer that never answers

  /** A plain TCP protocol that records what happens and never answers. */
  static final class Silent implements Protocol {
    final Future<Void> made;
    final Future<Void> gotData;
    final Future<Void> lost;
    final boolean closeOnData;

    Silent(EventLoop loop, boolean closeOnData) {
      made = loop.createFuture();
      gotData = loop.createFuture();
      lost = loop.createFuture();
      this.closeOnData = closeOnData;
    }

    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      made.setResult(null);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      if (!gotData.done()) {
        gotData.setResult(null); // the ClientHello
      }
      if (closeOnData) {
        transport.close();
      }
    }

    @Override
    public void connectionLost(Throwable exc) {
      lost.setResult(null);
    }
  }

  @Coroutine
  static Coro<Void> slowHandshake() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Silent[] peer = new Silent[1];
    Server server = await(loop.createServer(() -> peer[0] = new Silent(loop, false),
        "127.0.0.1", 0));
    double start = loop.time();
    try {
      await(waitFor(openConnection("127.0.0.1", port(server),
          tlsClient().withSslHandshakeTimeout(0.5)), 10));
      fail("a handshake nobody answers completed");
    } catch (ConnectionAbortedError e) { // unchecked: caught by name, as Python's except
      assertEquals("SSL handshake is taking longer than 0.5 seconds: aborting the connection",
          e.getMessage());
    }
    double took = loop.time() - start;
    assertTrue(took >= 0.5 && took < 9, "gave up after " + took + " s");
    await(waitFor(peer[0].lost, 10)); // the client closed its socket
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages, "an aborted handshake is a network error: not reported");
    return done();
  }

  /**
   * test_ssl.py test_create_connection_ssl_slow_handshake: a TCP server that never answers the
   * ClientHello; after sslHandshakeTimeout (on the loop's clock) the connect fails with Python's
   * ConnectionAbortedError("SSL handshake is taking longer than ... seconds: aborting the
   * connection") and the socket is closed.
   */
  @Test
  void aHandshakeNobodyAnswersTimesOutOnTheLoopClock() {
    run(slowHandshake());
  }

  @Coroutine
  static Coro<Void> cancelDuringHandshake() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Silent> accepted = loop.createFuture();
    Server server = await(loop.createServer(() -> {
      Silent p = new Silent(loop, false);
      accepted.setResult(p);
      return p;
    }, "127.0.0.1", 0));
    Task<Streams> connect = createTask(openConnection("127.0.0.1", port(server), tlsClient()));
    Silent peer = await(waitFor(accepted, 10));
    await(waitFor(peer.gotData, 10)); // the server holds the ClientHello
    assertFalse(connect.done());
    connect.cancel();
    try {
      await(connect);
      fail("the cancelled connect completed");
    } catch (CancelledError expected) {
      // the handshake was abandoned
    }
    await(waitFor(peer.lost, 10)); // and the socket closed: the server sees the end
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * sslproto.py _start_shutdown during DO_HANDSHAKE (an abort) and base_events'
   * _create_connection_transport: a connect cancelled during the handshake raises
   * CancelledError, cancels the handshake timer and closes the socket.
   */
  @Test
  void aConnectCancelledDuringTheHandshakeClosesTheSocket() {
    run(cancelDuringHandshake());
  }

  @Coroutine
  static Coro<Void> peerClosesDuringHandshake() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createServer(() -> new Silent(loop, true), "127.0.0.1", 0));
    try {
      await(waitFor(openConnection("127.0.0.1", port(server), tlsClient()), 10));
      fail("connected to a server that hung up");
    } catch (ConnectionResetError e) {
      assertEquals("the peer closed the connection during the TLS handshake", e.getMessage());
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** sslproto.py eof_received during DO_HANDSHAKE: the waiter fails with ConnectionResetError. */
  @Test
  void aPeerThatHangsUpDuringTheHandshakeResetsTheConnect() {
    run(peerClosesDuringHandshake());
  }

  // ------------------------------------------------------------------ arguments

  @Coroutine
  static Coro<Void> badArguments() {
    EventLoop loop = getRunningLoop();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loop.createConnection(() -> new Protocol() {}, "127.0.0.1", 1,
            ConnectionOptions.defaults().withServerHostname("x")));
    assertEquals("serverHostname is only meaningful with ssl: give an SSLContext too (withSsl)",
        e.getMessage());
    try {
      await(openConnection("127.0.0.1", 1,
          ConnectionOptions.defaults().withSslHandshakeTimeout(5)));
      fail("a handshake timeout without ssl was taken");
    } catch (IllegalArgumentException expected) { // raised when awaited, as Python's async def
      assertTrue(expected.getMessage().startsWith(
          "sslHandshakeTimeout is only meaningful with ssl"), expected.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> loop.createServer(() -> new Protocol() {}, "127.0.0.1", 0,
            ServerOptions.defaults().withSslShutdownTimeout(5)));
    assertTrue(e.getMessage().startsWith("sslShutdownTimeout is only meaningful with ssl"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> tlsClient().withSslHandshakeTimeout(0));
    assertEquals("sslHandshakeTimeout should be a positive number, got 0.0", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.defaults().withSslShutdownTimeout(-1));
    assertThrows(IllegalArgumentException.class,
        () -> tlsClient().withSslShutdownTimeout(Double.NaN));
    assertThrows(NullPointerException.class,
        () -> loop.startTls(null, new Protocol() {}, TlsCerts.clientContext()));
    return done();
  }

  /**
   * base_events.py create_connection / create_server / SSLProtocol.__init__: "server_hostname
   * is only meaningful with ssl", "ssl_handshake_timeout is only meaningful with ssl", "should
   * be a positive number" are ValueErrors, here IllegalArgumentException.
   */
  @Test
  void tlsArgumentsWithoutAContextOrOutOfRangeAreRefused() {
    run(badArguments());
  }
}
