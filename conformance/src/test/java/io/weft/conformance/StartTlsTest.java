package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.Protocol;
import io.weft.net.SSLCertVerificationError;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.Transport;
import io.weft.net.TransportProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upgrading a plain connection to TLS: CPython's test_ssl.py test_start_tls_client_reg_proto_1,
 * test_start_tls_server_1, test_streams.py test_start_tls (StreamWriter.start_tls, 3.11), and a
 * failing upgrade. A STARTTLS-style exchange: plaintext "STARTTLS", "OK", then TLS both ways.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartTlsTest {

  /** The server: answers STARTTLS, upgrades (server side), then upper-cases lines until EOF. */
  @Coroutine
  static Coro<Void> starttlsServer(StreamReader reader, StreamWriter writer,
      Future<Throwable> failed) {
    assertEquals("STARTTLS\n", s(await(reader.readline())));
    writer.write(b("OK\n"));
    Transport plain = writer.transport();
    try {
      await(writer.startTls(TlsCerts.serverContext()));
    } catch (Exception e) {
      failed.setResult(e);
      return done();
    }
    assertNotSame(plain, writer.transport());
    assertNotNull(writer.getExtraInfo("ssl_object"));
    for (var it = reader; await(it.hasNext()); ) {
      writer.write(b(s(it.next()).toUpperCase()));
      await(writer.drain());
    }
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> streamsUpgrade() {
    List<Map<String, Object>> messages = recordErrors();
    Future<Throwable> failed = getRunningLoop().createFuture();
    Server server = await(startServer((r, w) -> starttlsServer(r, w, failed), "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    StreamWriter w = s.writer();
    assertNull(w.getExtraInfo("sslcontext"), "plain TCP so far");
    w.write(b("STARTTLS\n"));
    assertEquals("OK\n", s(await(waitFor(s.reader().readline(), 10))));
    await(waitFor(w.startTls(TlsCerts.clientContext(), "localhost"), 10));
    assertTrue(w.getExtraInfo("ssl_object") instanceof SSLEngine);
    assertNotNull(w.getExtraInfo("peercert"));
    assertFalse(w.canWriteEof());
    w.write(b("first secret\n"));
    assertEquals("FIRST SECRET\n", s(await(waitFor(s.reader().readline(), 10))));
    w.writelines(List.of(b("second "), b("secret\n")));
    assertEquals("SECOND SECRET\n", s(await(waitFor(s.reader().readline(), 10))));
    w.close(); // close_notify: the server's loop ends, it closes too
    await(waitFor(w.waitClosed(), 10));
    assertTrue(s.reader().atEof());
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertFalse(failed.done());
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_streams.py test_start_tls and test_ssl.py test_start_tls_server_1: both ends upgrade
   * with StreamWriter.startTls (the server's end is server-side because its connection came from
   * startServer), then the same reader and writer carry TLS.
   */
  @Test
  void bothEndsOfAStreamConnectionUpgradeToTls() {
    run(streamsUpgrade());
  }

  /** A client protocol that collects what it receives and hears of the end. */
  static final class Collector implements Protocol {
    final StringBuilder got = new StringBuilder();
    final EventLoop loop;
    Future<String> line;
    final Future<Throwable> lost;
    int made;

    Collector(EventLoop loop) {
      this.loop = loop;
      this.lost = loop.createFuture();
      expectLine();
    }

    Future<String> expectLine() {
      line = loop.createFuture();
      return line;
    }

    @Override
    public void connectionMade(Transport transport) {
      made++;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      got.append(StandardCharsets.ISO_8859_1.decode(data));
      int nl = got.indexOf("\n");
      if (nl >= 0 && !line.done()) {
        line.setResult(got.substring(0, nl + 1));
        got.delete(0, nl + 1);
      }
    }

    @Override
    public void connectionLost(Throwable exc) {
      lost.setResult(exc);
    }
  }

  @Coroutine
  static Coro<Void> protocolUpgrade() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Throwable> failed = loop.createFuture();
    Server server = await(startServer((r, w) -> starttlsServer(r, w, failed), "127.0.0.1", 0));
    TransportProtocol<Collector> tp = await(waitFor(
        loop.createConnection(() -> new Collector(loop), "127.0.0.1", port(server)), 10));
    Collector c = tp.protocol();
    tp.transport().write(b("STARTTLS\n"));
    assertEquals("OK\n", await(waitFor(c.line, 10)));
    Future<String> next = c.expectLine();
    Transport tls = await(waitFor(loop.startTls(tp.transport(), c, TlsCerts.clientContext(),
        false, "localhost"), 10));
    assertEquals(1, c.made, "connectionMade is not called again");
    assertSame(c, tls.getProtocol());
    tls.write(b("over tls\n"));
    assertEquals("OVER TLS\n", await(waitFor(next, 10)));
    tls.close();
    assertTrue(tls.isClosing());
    assertNull(await(waitFor(c.lost, 10)), "a regular end");
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertFalse(failed.done());
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_start_tls_client_reg_proto_1: loop.startTls on a transport from
   * createConnection; the same protocol receives the decrypted data, its connectionMade is not
   * called again and its connectionLost once at the end.
   */
  @Test
  void loopStartTlsUpgradesAProtocolsTransport() {
    run(protocolUpgrade());
  }

  @Coroutine
  static Coro<Void> failedUpgrade() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Throwable> failed = loop.createFuture();
    Server server = await(startServer((r, w) -> starttlsServer(r, w, failed), "127.0.0.1", 0));
    TransportProtocol<Collector> tp = await(waitFor(
        loop.createConnection(() -> new Collector(loop), "127.0.0.1", port(server)), 10));
    Collector c = tp.protocol();
    tp.transport().write(b("STARTTLS\n"));
    assertEquals("OK\n", await(waitFor(c.line, 10)));
    try {
      await(waitFor(loop.startTls(tp.transport(), c, TlsCerts.clientContext(), false,
          "wrong.example"), 10));
      fail("upgraded to a server whose certificate names another host");
    } catch (SSLCertVerificationError e) {
      assertTrue(e.getMessage().contains("wrong.example"), e.getMessage());
    }
    assertTrue(tp.transport().isClosing(), "the failed upgrade closed the connection");
    assertInstanceOf(SSLCertVerificationError.class, await(waitFor(c.lost, 10)),
        "the protocol hears of the end, with the handshake's error");
    assertNotNull(await(waitFor(failed, 10)), "the server's upgrade failed too");
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * base_events.py start_tls on a failed handshake: the error is raised, the transport closed;
   * the protocol, connected before the upgrade, gets connectionLost.
   */
  @Test
  void aFailedUpgradeRaisesTheSslErrorAndClosesTheConnection() {
    run(failedUpgrade());
  }
}
