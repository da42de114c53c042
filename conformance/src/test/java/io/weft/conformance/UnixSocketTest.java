package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.ConnectionRefusedError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.net.Protocol;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.Transport;
import io.weft.net.TransportProtocol;
import io.weft.net.TransportSocket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix-domain stream sockets: {@code open_unix_connection}, {@code start_unix_server}, {@code
 * loop.create_unix_connection} / {@code create_unix_server}, the socket file's life (a stale one
 * removed before binding, the server's own removed when it closes), and the {@code sock_*}
 * methods on a Unix-domain channel. CPython's test_streams.py, test_unix_events.py
 * (SelectorEventLoopUnixSocketTests), test_server.py (UnixServerCleanupTests) and
 * test_sock_lowlevel.py. Every socket file lives in a fresh temporary directory.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketTest {

  @TempDir
  Path dir;

  @Coroutine
  static Coro<Void> echoLine(StreamReader reader, StreamWriter writer) {
    writer.write(await(reader.readline()));
    await(writer.drain());
    writer.close();
    return done();
  }

  @Coroutine
  static Coro<Void> streams(Path path) {
    Server server = await(startUnixServer(UnixSocketTest::echoLine, path));
    try {
      assertTrue(Files.exists(path), "the server created its socket file");
      TransportSocket sock = server.sockets().get(0);
      assertEquals(UnixDomainSocketAddress.of(path), sock.getLocalAddress());
      assertThrows(IllegalStateException.class, sock::getsockname,
          "a path is not an InetSocketAddress");
      assertTrue(server.toString().contains(path.toString()), server.toString());

      Streams s = await(waitFor(openUnixConnection(path), 10));
      assertEquals(UnixDomainSocketAddress.of(path), s.writer().getExtraInfo("peername"));
      s.writer().write(b("hello unix\n"));
      assertEquals("hello unix\n", s(await(waitFor(s.reader().readline(), 10))));
      assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "the server closed");
      s.writer().close();
      await(waitFor(s.writer().waitClosed(), 10));
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    assertFalse(Files.exists(path), "closing the server removed its socket file");
    return done();
  }

  /**
   * test_streams.py test_start_unix_server and test_open_unix_connection; test_server.py
   * test_unix_server_addr_cleanup: a line echoed over a Unix socket, whose file goes away with
   * the server.
   */
  @Test
  void streamsOverAUnixSocketEchoALine() {
    run(streams(dir.resolve("echo.sock")));
  }

  /** Echoes every byte back. */
  static final class EchoServer implements Protocol {
    Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      assertNotNull(transport.getExtraInfo("sockname"));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }
  }

  /** Collects what it receives; completes {@code got} at {@code expect} bytes. */
  static final class Client implements Protocol {
    final StringBuilder received = new StringBuilder();
    final Future<String> got;
    final int expect;

    Client(Future<String> got, int expect) {
      this.got = got;
      this.expect = expect;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(StandardCharsets.ISO_8859_1.decode(data));
      if (received.length() >= expect && !got.done()) {
        got.setResult(received.toString());
      }
    }
  }

  @Coroutine
  static Coro<Void> protocols(Path path) {
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createUnixServer(EchoServer::new, path));
    Future<String> got = loop.createFuture();
    TransportProtocol<Client> tp = await(waitFor(
        loop.createUnixConnection(() -> new Client(got, 4), path), 10));
    try {
      assertEquals(UnixDomainSocketAddress.of(path), tp.transport().getExtraInfo("peername"));
      tp.transport().write(b("ping"));
      assertEquals("ping", await(waitFor(got, 10)));
    } finally {
      tp.transport().close();
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** test_events.py test_create_unix_server / test_create_unix_connection, with protocols. */
  @Test
  void protocolsConnectOverAUnixSocket() {
    run(protocols(dir.resolve("proto.sock")));
  }

  @Coroutine
  static Coro<Void> staleSocket(Path path) throws Exception {
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertTrue(Files.exists(path), "a closed Unix server leaves its file behind");
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.configureBlocking(false);
      await(waitFor(getRunningLoop().sockConnect(c, UnixDomainSocketAddress.of(path)), 10));
      fail("connected to a stale socket file");
    } catch (ConnectionRefusedError expected) {
      // nobody listens behind it
    }
    Server server = await(startUnixServer(UnixSocketTest::echoLine, path));
    try {
      Streams s = await(waitFor(openUnixConnection(path), 10));
      s.writer().write(b("again\n"));
      assertEquals("again\n", s(await(waitFor(s.reader().readline(), 10))));
      s.writer().close();
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /**
   * test_unix_events.py test_create_unix_server_existing_path_sock: a stale socket file (its
   * server gone) refuses connections, and is removed by the next server on the path.
   */
  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    run(staleSocket(dir.resolve("stale.sock")));
  }

  @Coroutine
  static Coro<Void> notASocket(Path path) throws Exception {
    Files.writeString(path, "precious");
    try {
      await(startUnixServer(UnixSocketTest::echoLine, path));
      fail("bound over a regular file");
    } catch (OSError e) {
      assertTrue(e.getMessage().startsWith("Address '" + path + "' is already in use"),
          e.getMessage());
    }
    assertEquals("precious", Files.readString(path), "a file that is not a socket is kept");
    return done();
  }

  /** test_unix_events.py test_create_unix_server_existing_path_nonsock: OSError, file kept. */
  @Test
  void aFileThatIsNotASocketIsLeftAloneAndTheBindFails() throws Exception {
    run(notASocket(dir.resolve("file.sock")));
  }

  @Coroutine
  static Coro<Void> missing(Path path) {
    try {
      await(waitFor(openUnixConnection(path), 10));
      fail("connected to a file that does not exist");
    } catch (ConnectionRefusedError e) {
      fail("no file is not a refusal: " + e);
    } catch (OSError e) {
      assertInstanceOf(SocketException.class, e.getCause());
      assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }
    return done();
  }

  /** test_unix_events.py test_open_unix_connection_error: Python's FileNotFoundError. */
  @Test
  void connectingToAMissingFileRaisesOSError() {
    run(missing(dir.resolve("nobody.sock")));
  }

  @Coroutine
  static Coro<Void> cleanupGone(Path path) throws Exception {
    Server server = await(startUnixServer(UnixSocketTest::echoLine, path));
    Files.delete(path);
    server.close(); // nothing to remove: no error
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  @Coroutine
  static Coro<Void> cleanupReplaced(Path path) throws Exception {
    Server server = await(startUnixServer(UnixSocketTest::echoLine, path));
    Files.delete(path);
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(path));
      server.close();
      assertTrue(Files.exists(path), "another server's socket file is not removed");
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  @Coroutine
  static Coro<Void> cleanupPrevented(Path path) {
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createUnixServer(EchoServer::new, path,
        ServerOptions.defaults(), false));
    server.close();
    assertTrue(Files.exists(path), "cleanupSocket false keeps the file");
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /**
   * test_server.py UnixServerCleanupTests: test_unix_server_cleanup_gone (already removed: no
   * error), test_unix_server_cleanup_replaced (another server's file is kept) and
   * test_unix_server_cleanup_prevented ({@code cleanup_socket=False}).
   */
  @Test
  void closingRemovesOnlyTheServersOwnSocketFile() throws Exception {
    run(cleanupGone(dir.resolve("gone.sock")));
    run(cleanupReplaced(dir.resolve("replaced.sock")));
    run(cleanupPrevented(dir.resolve("kept.sock")));
  }

  @Coroutine
  static Coro<Void> sockOps(Path path) throws Exception {
    EventLoop loop = getRunningLoop();
    try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(path));
      listener.configureBlocking(false);
      client.configureBlocking(false);
      await(waitFor(loop.sockConnect(client, UnixDomainSocketAddress.of(path)), 10));
      try (SocketChannel conn = await(waitFor(loop.sockAccept(listener), 10))) {
        await(waitFor(loop.sockSendall(client, b("GET / HTTP/1.0\r\n\r\n")), 10));
        assertEquals("GET / HTTP/1.0\r\n\r\n", s(await(waitFor(loop.sockRecv(conn, 1024), 10))));
        await(waitFor(loop.sockSendall(conn, b("HTTP/1.0 200 OK\r\n\r\n")), 10));
        conn.close();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        int n = await(waitFor(loop.sockRecvInto(client, buf), 10));
        assertEquals("HTTP/1.0 200 OK\r\n\r\n", s(java.util.Arrays.copyOf(buf.array(), n)));
        assertEquals(0, await(waitFor(loop.sockRecvInto(client, buf), 10)), "EOF");
      }
    }
    return done();
  }

  /** test_sock_lowlevel.py test_unix_sock_client_ops: the sock_* methods on a Unix socket. */
  @Test
  void theSockMethodsWorkOnAUnixSocket() throws Exception {
    run(sockOps(dir.resolve("ops.sock")));
  }

  @Coroutine
  static Coro<Void> reusePort(Path path) {
    try {
      await(getRunningLoop().createUnixServer(EchoServer::new, path,
          ServerOptions.defaults().withReusePort(true)));
      fail("reusePort on a Unix socket");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("reusePort"), e.getMessage());
    }
    assertFalse(Files.exists(path));
    return done();
  }

  /** A TCP-only option is refused with a message naming it. */
  @Test
  void reusePortIsRefusedForUnixSockets() {
    run(reusePort(dir.resolve("reuse.sock")));
  }
}
