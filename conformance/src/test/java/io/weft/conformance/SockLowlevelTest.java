package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.ConnectionRefusedError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.TimeoutError;
import io.weft.net.AddrInfo;
import io.weft.net.GaiError;
import io.weft.net.NameInfo;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's low-level socket methods on real loopback sockets: {@code sockRecv}, {@code
 * sockRecvInto}, {@code sockSendall}, {@code sockConnect}, {@code sockAccept}, and the lookups
 * {@code getaddrinfo} / {@code getnameinfo}. CPython's test_sock_lowlevel.py, with the test
 * server of test_utils.run_test_server played by a Weft stream server. Every await that waits
 * for the network has a timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SockLowlevelTest {

  static InetSocketAddress address(Server server) {
    return server.sockets().get(0).getsockname();
  }

  /** run_test_server's handler: reads a request up to its blank line, answers, closes. */
  @Coroutine
  static Coro<Void> httpd(StreamReader reader, StreamWriter writer) {
    await(reader.readuntil(b("\r\n\r\n")));
    writer.write(b("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nTest message"));
    await(writer.drain());
    writer.close();
    return done();
  }

  /** Echoes every byte until the peer's EOF, then closes. */
  @Coroutine
  static Coro<Void> echo(StreamReader reader, StreamWriter writer) {
    while (true) {
      byte[] data = await(reader.read(65536));
      if (data.length == 0) {
        break;
      }
      writer.write(data);
      await(writer.drain());
    }
    writer.close();
    return done();
  }

  static SocketChannel nonBlocking() throws Exception {
    SocketChannel c = SocketChannel.open();
    c.configureBlocking(false);
    return c;
  }

  // ------------------------------------------------------------------ client operations

  @Coroutine
  static Coro<Void> blockingRefused(Server server) throws Exception {
    EventLoop loop = getRunningLoop();
    ServerSocketChannel listener = ServerSocketChannel.open();
    try (SocketChannel sock = SocketChannel.open(); listener) {
      assertTrue(sock.isBlocking());
      List<Coro<?>> calls = List.of(loop.sockConnect(sock, address(server)),
          loop.sockSendall(sock, b("GET / HTTP/1.0\r\n\r\n")), loop.sockRecv(sock, 1024),
          loop.sockRecvInto(sock, ByteBuffer.allocate(10)), loop.sockAccept(listener));
      for (Coro<?> call : calls) {
        try {
          await(call);
          fail("a blocking channel was accepted by " + call);
        } catch (IllegalArgumentException e) {
          assertTrue(e.getMessage().contains("the channel must be non-blocking"), e.getMessage());
          assertTrue(e.getMessage().contains("configureBlocking(false)"), "names the fix");
        }
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> clientOps() throws Exception {
    EventLoop loop = getRunningLoop();
    Server server = await(startServer(SockLowlevelTest::httpd, "127.0.0.1", 0));
    try {
      await(blockingRefused(server));

      try (SocketChannel sock = nonBlocking()) {
        await(waitFor(loop.sockConnect(sock, address(server)), 10));
        assertTrue(sock.isConnected());
        await(waitFor(loop.sockSendall(sock, b("GET / HTTP/1.0\r\n\r\n")), 10));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
          byte[] data = await(waitFor(loop.sockRecv(sock, 1024), 10));
          if (data.length == 0) {
            break; // the server closed
          }
          all.writeBytes(data);
        }
        assertTrue(s(all.toByteArray()).startsWith("HTTP/1.0 200 OK"), all.toString());
      }

      try (SocketChannel sock = nonBlocking()) {
        await(waitFor(loop.sockConnect(sock, address(server)), 10));
        await(waitFor(loop.sockSendall(sock, ByteBuffer.wrap(b("GET / HTTP/1.0\r\n\r\n"))), 10));
        ByteBuffer buf = ByteBuffer.allocate(1024);
        int total = 0;
        while (true) {
          int n = await(waitFor(loop.sockRecvInto(sock, buf), 10));
          if (n == 0) {
            break;
          }
          total += n;
          assertEquals(total, buf.position(), "recv_into advances the position");
        }
        assertTrue(s(Arrays.copyOf(buf.array(), total)).startsWith("HTTP/1.0 200 OK"));
      }
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /**
   * test_sock_lowlevel.py test_sock_client_ops: a blocking socket is refused with
   * ValueError("the socket must be non-blocking") (here always, not only in debug mode); a
   * non-blocking one connects, sends a request and reads the answer, with sock_recv and with
   * sock_recv_into.
   */
  @Test
  void aClientConnectsSendsAndReceivesWithTheSockMethods() throws Exception {
    run(clientOps());
  }

  @Coroutine
  static Coro<Void> recvRacing() throws Exception {
    EventLoop loop = getRunningLoop();
    Server server = await(startServer(SockLowlevelTest::httpd, "127.0.0.1", 0));
    try (SocketChannel sock = nonBlocking()) {
      await(waitFor(loop.sockConnect(sock, address(server)), 10));
      Task<byte[]> task = createTask(loop.sockRecv(sock, 1024));
      await(sleep(0));
      assertFalse(task.done(), "nothing was sent yet: the recv waits");
      task.cancel();
      createTask(loop.sockSendall(sock, b("GET / HTTP/1.0\r\n\r\n")));
      byte[] data = await(waitFor(loop.sockRecv(sock, 1024), 10));
      assertTrue(s(data).startsWith("HTTP/1.0 200 OK"), "the cancelled recv consumed nothing");
      assertTrue(task.cancelled());
      await(waitFor(loop.sockRecv(sock, 1024), 10)); // consume the rest
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  @Coroutine
  static Coro<Void> recvIntoRacing() throws Exception {
    EventLoop loop = getRunningLoop();
    Server server = await(startServer(SockLowlevelTest::httpd, "127.0.0.1", 0));
    try (SocketChannel sock = nonBlocking()) {
      await(waitFor(loop.sockConnect(sock, address(server)), 10));
      ByteBuffer buf = ByteBuffer.allocate(1024);
      Task<Integer> task = createTask(loop.sockRecvInto(sock, buf));
      await(sleep(0));
      task.cancel();
      Task<Void> send = createTask(loop.sockSendall(sock, b("GET / HTTP/1.0\r\n\r\n")));
      int n = await(waitFor(loop.sockRecvInto(sock, buf), 10));
      assertTrue(n > 0);
      assertTrue(s(Arrays.copyOf(buf.array(), n)).startsWith("HTTP/1.0 200 OK"));
      await(waitFor(send, 10));
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** Reads until EOF, keeping everything but the spaces. */
  @Coroutine
  static Coro<String> recvAllButSpaces(SocketChannel conn) {
    EventLoop loop = getRunningLoop();
    StringBuilder kept = new StringBuilder();
    while (true) {
      byte[] data = await(waitFor(loop.sockRecv(conn, 8192), 10));
      if (data.length == 0) {
        return done(kept.toString());
      }
      kept.append(s(data).replace(" ", ""));
    }
  }

  @Coroutine
  static Coro<Void> sendRacing() throws Exception {
    EventLoop loop = getRunningLoop();
    try (ServerSocketChannel listener = ServerSocketChannel.open();
        SocketChannel sock = nonBlocking()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      listener.configureBlocking(false);
      sock.setOption(StandardSocketOptions.SO_SNDBUF, 1024);
      Task<Void> connect = createTask(loop.sockConnect(sock, listener.getLocalAddress()));
      try (SocketChannel server = await(waitFor(loop.sockAccept(listener), 10))) {
        await(waitFor(connect, 10));
        // fill the send buffer until even 4 more bytes do not fit
        for (int size = 8192; size >= 4; size /= 2) {
          while (sock.write(ByteBuffer.wrap(b(" ".repeat(size)))) > 0) {
            // the kernel took some
          }
        }
        Task<Void> blocked = createTask(loop.sockSendall(sock, b("hello")));
        await(sleep(0));
        assertFalse(blocked.done(), "the buffer is full: the sendall waits");
        blocked.cancel();
        Task<String> received = createTask(recvAllButSpaces(server));
        await(waitFor(loop.sockSendall(sock, b("world")), 10));
        sock.shutdownOutput();
        String data = await(waitFor(received, 10));
        assertTrue(data.endsWith("world"), data);
        assertTrue(blocked.cancelled());
      }
    }
    return done();
  }

  /**
   * test_sock_lowlevel.py test_sock_client_racing: a sock_recv / sock_recv_into cancelled while
   * it waits leaves the next one every byte; a sock_sendall cancelled while the send buffer is
   * full does not keep a writer that would disturb the next sock_sendall.
   */
  @Test
  void cancelledRecvsAndSendsLeaveTheChannelToTheNextCall() throws Exception {
    run(recvRacing());
    run(recvIntoRacing());
    run(sendRacing());
  }

  @Coroutine
  static Coro<Void> connectRacing() throws Exception {
    EventLoop loop = getRunningLoop();
    try (ServerSocketChannel listener = ServerSocketChannel.open();
        SocketChannel sock = nonBlocking()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.configureBlocking(false);
      Task<Void> task = createTask(loop.sockConnect(sock, listener.getLocalAddress()));
      await(sleep(0));
      task.cancel();
      try {
        await(task);
      } catch (CancelledError e) {
        // cancelled while the connection was in progress
      }
      if (!sock.isConnected()) {
        // the connect went on in the kernel: a second sockConnect finishes it
        await(waitFor(loop.sockConnect(sock, listener.getLocalAddress()), 10));
      }
      assertTrue(sock.isConnected());
      assertFalse(loop.removeWriter(sock), "no writer left behind");
      try (SocketChannel conn = await(waitFor(loop.sockAccept(listener), 10))) {
        await(waitFor(loop.sockSendall(sock, b("ping")), 10));
        assertEquals("ping", s(await(waitFor(loop.sockRecv(conn, 10), 10))));
      }
    }
    return done();
  }

  /**
   * test_sock_lowlevel.py test_sock_client_connect_racing: a sock_connect cancelled while the
   * connection is in progress leaves a channel that a second sock_connect connects (the JDK
   * cannot start a connect twice, so the second one finishes the first).
   */
  @Test
  void aCancelledConnectCanBeFinishedByTheNextOne() throws Exception {
    run(connectRacing());
  }

  @Coroutine
  static Coro<Void> sendThenEof(SocketChannel sock, byte[] data) throws Exception {
    await(getRunningLoop().sockSendall(sock, data));
    sock.shutdownOutput();
    return done();
  }

  @Coroutine
  static Coro<Void> hugeContent(boolean into) throws Exception {
    EventLoop loop = getRunningLoop();
    int size = 1_000_000;
    byte[] chunk = b("0123456789".repeat(size / 10));
    Server server = await(startServer(SockLowlevelTest::echo, "127.0.0.1", 0));
    try (SocketChannel sock = nonBlocking()) {
      await(waitFor(loop.sockConnect(sock, address(server)), 10));
      Task<Void> send = createTask(sendThenEof(sock, chunk));
      long received = 0;
      ByteBuffer buf = ByteBuffer.allocate(size);
      while (true) {
        byte[] data;
        if (into) {
          buf.clear();
          int n = await(waitFor(loop.sockRecvInto(sock, buf), 10));
          data = Arrays.copyOf(buf.array(), n);
        } else {
          data = await(waitFor(loop.sockRecv(sock, size), 10));
        }
        if (data.length == 0) {
          break;
        }
        for (int i = 0; i < data.length; i++) {
          assertEquals('0' + (int) ((received + i) % 10), data[i], "byte " + (received + i));
        }
        received += data.length;
      }
      assertEquals(size, received, "every byte came back, in order");
      await(waitFor(send, 10));
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /**
   * test_sock_lowlevel.py test_huge_content and test_huge_content_recvinto: a megabyte sent with
   * sock_sendall while sock_recv / sock_recv_into read the echo, concurrently.
   */
  @Test
  void aMegabyteGoesThroughWhileItIsEchoed() throws Exception {
    run(hugeContent(false));
    run(hugeContent(true));
  }

  // ------------------------------------------------------------------ connect and accept

  @Coroutine
  static Coro<Void> clientFail() throws Exception {
    InetSocketAddress address;
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      address = (InetSocketAddress) s.getLocalAddress();
    }
    try (SocketChannel sock = nonBlocking()) {
      await(waitFor(getRunningLoop().sockConnect(sock, address), 10));
      fail("connected to a closed port");
    } catch (ConnectionRefusedError e) {
      assertInstanceOf(ConnectException.class, e.getCause());
      assertEquals("Connect call failed 127.0.0.1:" + address.getPort() + ": "
          + e.getCause().getMessage(), e.getMessage());
    }
    return done();
  }

  /** test_sock_lowlevel.py test_sock_client_fail: ConnectionRefusedError, caught by name. */
  @Test
  void connectingToAClosedPortRaisesConnectionRefusedError() throws Exception {
    run(clientFail());
  }

  @Coroutine
  static Coro<Void> accept() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.configureBlocking(false);
      listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
        try (SocketChannel conn = await(waitFor(getRunningLoop().sockAccept(listener), 10))) {
          assertFalse(conn.isBlocking(), "Python: conn.gettimeout() == 0");
          assertEquals(client.getLocalAddress(), conn.getRemoteAddress());
          assertEquals(listener.getLocalAddress(), client.getRemoteAddress());
        }
      }
    }
    return done();
  }

  /** test_sock_lowlevel.py test_sock_accept: the accepted channel is non-blocking. */
  @Test
  void anAcceptedChannelIsNonBlockingAndConnectedToTheClient() throws Exception {
    run(accept());
  }

  @Coroutine
  static Coro<Void> cancelAccept() throws Exception {
    EventLoop loop = getRunningLoop();
    InetSocketAddress address;
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.configureBlocking(false);
      listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      address = (InetSocketAddress) listener.getLocalAddress();
      try {
        await(waitFor(loop.sockAccept(listener), 0.1));
        fail("nobody connected, yet the accept returned");
      } catch (TimeoutError expected) {
        // the accept was cancelled
      }
      assertFalse(loop.removeReader(listener), "the cancelled accept removed its reader");
    }
    // A channel that was registered with a selector is really closed only when the selector
    // lets go of its key, at the loop's next select: until then the port still listens.
    await(sleep(0));
    try (SocketChannel client = nonBlocking()) {
      await(waitFor(loop.sockConnect(client, address), 10));
      fail("connected to a closed listener");
    } catch (ConnectionRefusedError expected) {
      // the listener is closed
    }
    return done();
  }

  /**
   * test_sock_lowlevel.py test_cancel_sock_accept: wait_for times a sock_accept out, which
   * leaves no reader; connecting to the closed listener is refused.
   */
  @Test
  void aTimedOutAcceptLeavesNoReader() throws Exception {
    run(cancelAccept());
  }

  @Coroutine
  static Coro<Void> connectByName() throws Exception {
    EventLoop loop = getRunningLoop();
    // the address sockConnect will pick: the first one of localhost
    String first = java.net.InetAddress.getAllByName("localhost")[0].getHostAddress();
    Server server = await(startServer(SockLowlevelTest::echo, first, 0));
    try (SocketChannel sock = nonBlocking()) {
      InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost",
          address(server).getPort());
      await(waitFor(loop.sockConnect(sock, byName), 10));
      assertEquals(address(server), sock.getRemoteAddress());
      await(waitFor(loop.sockSendall(sock, b("x")), 10));
      assertEquals("x", s(await(waitFor(loop.sockRecv(sock, 1), 10))));
    } finally {
      server.close();
    }
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** base_events.py _ensure_resolved: sock_connect looks an unresolved name up first. */
  @Test
  void sockConnectLooksAnUnresolvedNameUp() throws Exception {
    run(connectByName());
  }

  // ------------------------------------------------------------------ lookups

  @Coroutine
  static Coro<Void> lookups(AtomicInteger jobs) throws Exception {
    EventLoop loop = getRunningLoop();
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      jobs.incrementAndGet();
      Thread t = new Thread(r, "lookup");
      t.setDaemon(true);
      return t;
    });
    loop.setDefaultExecutor(pool);
    try {
      List<AddrInfo> infos = await(waitFor(loop.getaddrinfo("127.0.0.1", 80), 10));
      assertEquals(List.of(new AddrInfo(StandardProtocolFamily.INET,
          new InetSocketAddress("127.0.0.1", 80))), infos);

      List<AddrInfo> local = await(waitFor(loop.getaddrinfo("localhost", 8080), 30));
      assertFalse(local.isEmpty());
      for (AddrInfo i : local) {
        assertTrue(i.sockaddr().getAddress().isLoopbackAddress(), i.toString());
        assertEquals(8080, i.sockaddr().getPort());
      }
      List<AddrInfo> v6 = await(waitFor(loop.getaddrinfo("::1", 1, StandardProtocolFamily.INET6),
          10));
      assertEquals(StandardProtocolFamily.INET6, v6.get(0).family());
      try {
        await(waitFor(loop.getaddrinfo("127.0.0.1", 1, StandardProtocolFamily.INET6), 10));
        fail("an IPv4 literal has an IPv6 address");
      } catch (GaiError expected) {
        // no address of that family
      }
      try {
        await(waitFor(loop.getaddrinfo("nonexistent.invalid", 80), 30));
        fail("resolved a name of the reserved .invalid domain");
      } catch (GaiError expected) {
        // Python's socket.gaierror
      }

      NameInfo name = await(waitFor(loop.getnameinfo(new InetSocketAddress("127.0.0.1", 8080)),
          30));
      assertEquals(8080, name.port());
      assertFalse(name.host().isEmpty());
    } finally {
      pool.shutdown();
    }
    return done();
  }

  /**
   * test_base_events.py test_getaddrinfo / test_getnameinfo: the lookups run on the default
   * executor, not on the loop's thread; an unresolvable name raises gaierror.
   */
  @Test
  void getaddrinfoAndGetnameinfoRunOnTheDefaultExecutor() throws Exception {
    AtomicInteger threads = new AtomicInteger();
    run(lookups(threads));
    assertEquals(1, threads.get(), "the lookups ran on the executor's thread");
  }

  /** Arguments that are wrong whatever the channel's state are refused at the call. */
  @Test
  void argumentErrorsAreRaisedAtTheCall() throws Exception {
    EventLoop loop = new EventLoop();
    try (SocketChannel c = SocketChannel.open()) {
      assertThrows(IllegalArgumentException.class, () -> loop.sockRecv(c, -1));
      assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("localhost", 65536));
      assertThrows(IllegalArgumentException.class,
          () -> loop.getaddrinfo("localhost", 1, StandardProtocolFamily.UNIX));
      assertThrows(IllegalArgumentException.class,
          () -> loop.sockRecvInto(c, ByteBuffer.allocate(1).asReadOnlyBuffer()));
      assertThrows(NullPointerException.class, () -> loop.sockSendall(null, new byte[0]));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      loop.close();
    }
  }
}
