package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.Task;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.TransportSocket;
import java.net.BindException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code asyncio.Server}: serving, closing with live connections, {@code wait_closed}, {@code
 * close_clients} and {@code abort_clients}. CPython's test_server.py (BaseStartServer and
 * TestServer2, Python 3.13).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamServerTest {

  /** test_server.py's handler: read to EOF, then close. */
  @Coroutine
  static Coro<Void> readThenClose(StreamReader reader, StreamWriter writer) {
    try {
      await(reader.read());
    } finally {
      writer.close();
      await(writer.waitClosed());
    }
    return done();
  }

  /** readThenClose, completing {@code accepted} first: tests wait for the server's accept. */
  static io.weft.net.ClientConnected signalling(Future<Void> accepted) {
    return (reader, writer) -> {
      if (!accepted.done()) {
        accepted.setResult(null);
      }
      return readThenClose(reader, writer);
    };
  }

  // ------------------------------------------------------------------ serve_forever

  static final byte[] HELLO_MSG = b("1".repeat(1024 * 5) + "\n");

  @Coroutine
  static Coro<Void> serve(StreamReader reader, StreamWriter writer, Task<?>[] mainTask) {
    await(reader.readline());
    mainTask[0].cancel();
    writer.write(b("1"));
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> serveForeverMain(Server srv) {
    await(srv.serveForever());
    return done();
  }

  @Coroutine
  static Coro<Void> clientSendsHello(int port) {
    Streams s = await(waitFor(openConnection("127.0.0.1", port), 10));
    s.writer().write(HELLO_MSG);
    assertEquals(1, await(waitFor(s.reader().readexactly(1), 10)).length);
    s.writer().close();
    return done();
  }

  @Coroutine
  static Coro<Void> startServer1() {
    List<Map<String, Object>> messages = recordErrors();
    Task<?>[] mainTask = new Task<?>[1];
    Server srv = await(startServer((r, w) -> serve(r, w, mainTask), "127.0.0.1", 0,
        ServerOptions.defaults().withStartServing(false)));
    assertFalse(srv.isServing());
    int port = port(srv);
    Task<Void> main = createTask(serveForeverMain(srv));
    mainTask[0] = main;
    await(sleep(0));
    assertTrue(srv.isServing());
    await(clientSendsHello(port));
    try {
      await(waitFor(main, 10));
      fail("serveForever ended without a cancellation");
    } catch (CancelledError expected) {
      // cancelling serveForever closed the server, waited for its client, then re-raised
    }
    assertEquals(List.of(), srv.sockets());
    assertFalse(srv.isServing());
    try {
      await(srv.serveForever());
      fail("served a closed server");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
    await(waitFor(srv.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_server.py BaseStartServer.test_start_server_1: start_serving=False, then serve_forever;
   * cancelling it closes the server; serving a closed server raises.
   */
  @Test
  void serveForeverCancelledClosesTheServer() {
    run(startServer1());
  }

  @Coroutine
  static Coro<Void> startServingLater() {
    Server srv = await(startServer(StreamServerTest::readThenClose, "127.0.0.1", 0,
        ServerOptions.defaults().withStartServing(false)));
    assertFalse(srv.isServing());
    await(srv.startServing());
    assertTrue(srv.isServing());
    await(srv.startServing()); // again: nothing changes
    Streams s = await(waitFor(openConnection("127.0.0.1", port(srv)), 10));
    s.writer().writeEof();
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "served: read, then closed");
    s.writer().close();
    srv.close();
    await(waitFor(srv.waitClosed(), 10));
    return done();
  }

  /** test_server.py test_start_unix_server_1's start_serving, over TCP. */
  @Test
  void startServingStartsAServerMadeWithoutServing() {
    run(startServingLater());
  }

  @Coroutine
  static Coro<Void> serveForeverTwice() {
    Server srv = await(startServer(StreamServerTest::readThenClose, "127.0.0.1", 0));
    Task<Void> first = createTask(serveForeverMain(srv));
    await(sleep(0));
    try {
      await(srv.serveForever());
      fail("two serveForever at once");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().contains("is already being awaited on serveForever()"));
    }
    srv.close(); // ends the first one
    try {
      await(waitFor(first, 10));
      fail("serveForever survived close()");
    } catch (CancelledError expected) {
      // close() cancels the serving future
    }
    return done();
  }

  /** base_events.py Server.serve_forever: one at a time; close() ends it with CancelledError. */
  @Test
  void serveForeverRunsOnceAndCloseEndsIt() {
    run(serveForeverTwice());
  }

  // ------------------------------------------------------------------ wait_closed

  @Coroutine
  static Coro<Void> waitClosedBasic() {
    List<Map<String, Object>> messages = recordErrors();
    Future<Void> accepted = getRunningLoop().createFuture();
    Server srv = await(startServer(signalling(accepted), "127.0.0.1", 0));
    try {
      // active count = 0, not closed: should block
      Task<Void> task1 = createTask(srv.waitClosed());
      await(sleep(0));
      assertFalse(task1.done());

      // active count != 0, not closed: should block
      Streams s = await(waitFor(openConnection("127.0.0.1", port(srv)), 10));
      await(waitFor(accepted, 10));
      Task<Void> task2 = createTask(srv.waitClosed());
      await(sleep(0));
      assertFalse(task1.done());
      assertFalse(task2.done());

      srv.close();
      await(sleep(0));
      // active count != 0, closed: should block
      Task<Void> task3 = createTask(srv.waitClosed());
      await(sleep(0));
      assertFalse(task1.done());
      assertFalse(task2.done());
      assertFalse(task3.done());

      s.writer().close();
      await(waitFor(s.writer().waitClosed(), 10));
      // active count == 0, closed: should unblock
      await(waitFor(task1, 10));
      await(waitFor(task2, 10));
      await(waitFor(task3, 10));
      Coro<Void> again = srv.waitClosed();
      assertThrows(io.weft.StopIteration.class, () -> again.send(null), "returns at once");
    } finally {
      srv.close();
    }
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_server.py TestServer2.test_wait_closed_basic (Python 3.12.1+ semantics). */
  @Test
  void waitClosedWaitsForTheCloseAndForTheLastConnection() {
    run(waitClosedBasic());
  }

  @Coroutine
  static Coro<Void> waitClosedRace() {
    Server srv = await(startServer(StreamServerTest::readThenClose, "127.0.0.1", 0));
    Task<Void> task = createTask(srv.waitClosed());
    await(sleep(0));
    assertFalse(task.done());
    Streams s = await(waitFor(openConnection("127.0.0.1", port(srv)), 10));
    EventLoop loop = getRunningLoop();
    loop.callSoon(srv::close);
    loop.callSoon(s.writer()::close);
    await(waitFor(srv.waitClosed(), 10));
    await(waitFor(task, 10));
    return done();
  }

  /** test_server.py TestServer2.test_wait_closed_race (a 3.12.0 regression). */
  @Test
  void waitClosedAfterCloseAndClientCloseInTheSamePass() {
    run(waitClosedRace());
  }

  // ------------------------------------------------------------------ close_clients

  @Coroutine
  static Coro<Void> closeClients() {
    Future<Void> accepted = getRunningLoop().createFuture();
    Server srv = await(startServer(signalling(accepted), "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(srv)), 10));
    try {
      await(waitFor(accepted, 10)); // the server has accepted and attached the connection
      Task<Void> task = createTask(srv.waitClosed());
      await(sleep(0));
      assertFalse(task.done());
      srv.close();
      srv.closeClients();
      await(sleep(0));
      await(sleep(0));
      assertTrue(task.done(), "closing the clients let the server go");
      assertEquals(0, await(waitFor(s.reader().read(), 10)).length, "the client reads EOF");
    } finally {
      s.writer().close();
      srv.close();
    }
    return done();
  }

  /** test_server.py TestServer2.test_close_clients (3.13). */
  @Test
  void closeClientsClosesTheLiveConnections() {
    run(closeClients());
  }

  @Coroutine
  static Coro<Void> waitForClose(StreamWriter writer, Future<Streams> accepted,
      StreamReader reader) {
    accepted.setResult(new Streams(reader, writer));
    try {
      await(writer.waitClosed());
    } catch (Exception aborted) {
      // abort() ends it without an error; a reset on the way is fine too
    }
    return done();
  }

  @Coroutine
  static Coro<Void> abortClients() {
    EventLoop loop = getRunningLoop();
    Future<Streams> fut = loop.createFuture();
    Server srv = await(startServer((r, w) -> waitForClose(w, fut, r), "127.0.0.1", 0));
    Streams c = await(waitFor(openConnection("127.0.0.1", port(srv), 4096), 10));
    try {
      Streams sv = await(waitFor(fut, 10));
      StreamWriter sw = sv.writer();
      ((TransportSocket) sw.getExtraInfo("socket"))
          .setsockopt(StandardSocketOptions.SO_SNDBUF, 65536);
      ((TransportSocket) c.writer().getExtraInfo("socket"))
          .setsockopt(StandardSocketOptions.SO_RCVBUF, 65536);
      // the client's reader pauses its transport past twice its limit
      sw.write(new byte[4096]);
      sw.write(new byte[4096]);
      sw.write(new byte[4096]);
      for (int i = 0; i < 1000 && c.writer().transport().isReading(); i++) {
        await(sleep(0));
      }
      assertFalse(c.writer().transport().isReading(), "the client paused reading");
      // fill the kernel's buffers until the server's transport has to buffer
      byte[] big = new byte[256 * 1024];
      for (int i = 0; i < 100 && sw.transport().getWriteBufferSize() == 0; i++) {
        sw.write(big);
      }
      assertNotEquals(0, sw.transport().getWriteBufferSize());

      Task<Void> task = createTask(srv.waitClosed());
      await(sleep(0));
      assertFalse(task.done());
      srv.close();
      srv.abortClients();
      await(sleep(0));
      await(sleep(0));
      assertTrue(task.done(), "aborting the clients let the server go, buffer or not");
    } finally {
      c.writer().close();
      srv.close();
    }
    return done();
  }

  /** test_server.py TestServer2.test_abort_clients (3.13): abort drops a full write buffer. */
  @Test
  void abortClientsDropsTheirBuffersAndLetsTheServerGo() {
    run(abortClients());
  }

  // ------------------------------------------------------------------ binding

  @Coroutine
  static Coro<Void> bindTaken() {
    Server first = await(startServer(StreamServerTest::readThenClose, "127.0.0.1", 0));
    int port = port(first);
    try {
      await(startServer(StreamServerTest::readThenClose, "127.0.0.1", port));
      fail("two servers bound one port");
    } catch (OSError e) {
      assertInstanceOf(BindException.class, e.getCause(), "the JDK's exception is kept");
      assertTrue(e.getMessage().startsWith(
          "error while attempting to bind on address 127.0.0.1:" + port + ": "), e.getMessage());
    } finally {
      first.close();
    }
    await(waitFor(first.waitClosed(), 10));
    return done();
  }

  /** base_events.py create_server: a port in use raises "error while attempting to bind". */
  @Test
  void bindingAPortInUseRaisesOSError() {
    run(bindTaken());
  }

  @Coroutine
  static Coro<Void> localhostServer() {
    Server srv = await(startServer(StreamServerTest::readThenClose, "localhost", 0));
    assertFalse(srv.sockets().isEmpty());
    assertTrue(srv.toString().startsWith("<Server sockets=["), srv.toString());
    int port = port(srv);
    String host = srv.sockets().get(0).getsockname().getAddress().getHostAddress();
    Streams s = await(waitFor(openConnection(host, port), 10));
    s.writer().writeEof();
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length);
    s.writer().close();
    srv.close();
    await(waitFor(srv.waitClosed(), 10));
    return done();
  }

  /** A host name is looked up off the loop thread, one listening socket per address. */
  @Test
  void aServerOnAHostNameBindsEachOfItsAddresses() {
    run(localhostServer());
  }

  /** ServerOptions: Python's defaults, and a backlog below 1 refused. */
  @Test
  void serverOptionsHavePythonsDefaults() {
    ServerOptions d = ServerOptions.defaults();
    assertEquals(100, d.backlog());
    assertTrue(d.reuseAddress());
    assertFalse(d.reusePort());
    assertTrue(d.startServing());
    assertEquals(5, d.withBacklog(5).backlog());
    assertThrows(IllegalArgumentException.class, () -> d.withBacklog(0));
    assertEquals(Arrays.asList(true, false), Arrays.asList(
        d.withReusePort(true).reusePort(), d.withStartServing(false).startServing()));
  }
}
