package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.BrokenPipeError;
import io.weft.CancelledError;
import io.weft.ConnectionError;
import io.weft.ConnectionRefusedError;
import io.weft.ConnectionResetError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.Task;
import io.weft.net.GaiError;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.TransportSocket;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams when the network misbehaves: refused connections, names that do not resolve, resets,
 * peers that close while we write, writes after close, and tasks cancelled in the middle of a
 * read or a drain. CPython's test_streams.py (test_drain_raises,
 * test_async_writer_api_exception_after_close, test_open_connection_error) and
 * test_events.py's connection-error tests.
 *
 * <p>The errors are Weft's unchecked {@code OSError} tree, so the tests catch them by name as a
 * Python program would ({@code except ConnectionRefusedError:}), and check that the JDK's
 * exception is kept as the cause.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamErrorsTest {

  /** A loopback port nothing listens on: bound, then released. */
  static int freePort() throws Exception {
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
  }

  @Coroutine
  static Coro<Void> refused(int port) {
    try {
      await(waitFor(openConnection("127.0.0.1", port), 10));
      fail("connected to a port nobody listens on");
    } catch (ConnectionRefusedError e) {
      assertInstanceOf(ConnectionError.class, e, "Python's hierarchy");
      assertInstanceOf(ConnectException.class, e.getCause(), "the JDK's exception is kept");
      assertTrue(e.getMessage().startsWith("Connect call failed 127.0.0.1:" + port + ": "),
          e.getMessage());
    }
    return done();
  }

  /** test_events.py test_create_connection_connect_err: a refused connection. */
  @Test
  void aRefusedConnectionRaisesConnectionRefusedError() throws Exception {
    run(refused(freePort()));
  }

  @Coroutine
  static Coro<Void> unresolvable() {
    try {
      await(waitFor(openConnection("nonexistent.invalid", 80), 30));
      fail("resolved a name of the reserved .invalid domain");
    } catch (GaiError e) {
      assertInstanceOf(OSError.class, e, "Python's socket.gaierror is an OSError");
      assertInstanceOf(UnknownHostException.class, e.getCause(), "the JDK's exception is kept");
    }
    return done();
  }

  /** test_events.py test_create_connection_no_getaddrinfo: a name that does not resolve. */
  @Test
  void anUnresolvableNameRaisesGaiError() {
    run(unresolvable());
  }

  /** A handler that hands its streams to the test. */
  static io.weft.net.ClientConnected handOver(Future<Streams> accepted) {
    return (reader, writer) -> {
      accepted.setResult(new Streams(reader, writer));
      return null;
    };
  }

  @Coroutine
  static Coro<Void> resetMidRead() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Streams> accepted = loop.createFuture();
    Server server = await(startServer(handOver(accepted), "127.0.0.1", 0));
    Streams c = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    Streams srv = await(waitFor(accepted, 10));
    Task<byte[]> read = createTask(c.reader().read(100));
    await(sleep(0));
    assertFalse(read.done(), "nothing was sent yet");
    // linger 0 turns close into a reset (RST) instead of an orderly end (FIN)
    ((TransportSocket) srv.writer().getExtraInfo("socket"))
        .setsockopt(StandardSocketOptions.SO_LINGER, 0);
    srv.writer().transport().abort();
    ConnectionResetError reset = null;
    try {
      await(waitFor(read, 10));
      fail("the read did not see the reset");
    } catch (ConnectionResetError e) {
      assertInstanceOf(java.net.SocketException.class, e.getCause(), "the JDK's exception");
      reset = e;
    }
    assertSame(reset, c.reader().exception(), "later reads raise it too");
    try {
      await(c.writer().drain());
      fail("drain after a reset");
    } catch (ConnectionResetError e) {
      assertSame(reset, e, "drain raises the reader's exception");
    }
    try {
      await(waitFor(c.writer().waitClosed(), 10));
      fail("waitClosed hid the reset");
    } catch (ConnectionResetError e) {
      assertSame(reset, e, "wait_closed raises the connection's error");
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages, "a reset is the network's doing: nothing is logged");
    return done();
  }

  /** A peer that resets the connection while a read waits: the read raises ConnectionResetError. */
  @Test
  void aPeerResetDuringAReadRaisesConnectionResetError() {
    run(resetMidRead());
  }

  @Coroutine
  static Coro<Integer> writeUntilItFails(int port) {
    Streams s = await(waitFor(openConnection("127.0.0.1", port), 10));
    int writes = 0;
    try {
      for (; writes < 10_000_000; writes++) {
        s.writer().write(b("foo\n"));
        await(waitFor(s.writer().drain(), 10));
      }
      fail("write/drain never failed against a closed peer");
    } catch (ConnectionResetError | BrokenPipeError e) {
      assertInstanceOf(ConnectionError.class, e);
    }
    s.writer().close();
    return done(writes);
  }

  @Coroutine
  static Coro<Void> drainRaises() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer((reader, writer) -> {
      writer.close(); // accept, then close at once
      return null;
    }, "127.0.0.1", 0));
    await(writeUntilItFails(port(server)));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_streams.py test_drain_raises (bpo-25441): writing to a peer that closed makes drain
   * raise, instead of a write/drain loop spinning forever.
   */
  @Test
  void writingToAPeerThatClosedMakesDrainRaise() {
    run(drainRaises());
  }

  @Coroutine
  static Coro<Void> echoLine(StreamReader reader, StreamWriter writer) {
    writer.write(await(reader.readline()));
    await(writer.drain());
    writer.close();
    return done();
  }

  @Coroutine
  static Coro<Void> writeAfterClose() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamErrorsTest::echoLine, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().write(b("GET\n"));
    assertEquals("GET\n", s(await(waitFor(s.reader().readline(), 10))));
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length);
    s.writer().close();
    try {
      s.writer().write(b("data")); // dropped: the transport is closing
      await(s.writer().drain());
      fail("drain after close did not raise");
    } catch (ConnectionResetError e) {
      assertEquals("Connection lost", e.getMessage());
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_streams.py test_async_writer_api_exception_after_close. */
  @Test
  void aWriteAfterCloseRaisesConnectionResetErrorOnDrain() {
    run(writeAfterClose());
  }

  @Coroutine
  static Coro<Void> openConnectionError() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamErrorsTest::echoLine, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().transport().getProtocol().connectionLost(new ArithmeticException("/ by zero"));
    try {
      await(s.reader().read());
      fail("read hid the connection's error");
    } catch (ArithmeticException expected) {
      // the error given to connectionLost
    }
    s.writer().close();
    await(sleep(0));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** test_streams.py test_open_connection_error: connectionLost(exc) makes reads raise exc. */
  @Test
  void theErrorAConnectionIsLostWithIsRaisedByReads() {
    run(openConnectionError());
  }

  @Coroutine
  static Coro<Void> cancelledRead() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Streams> accepted = loop.createFuture();
    Server server = await(startServer(handOver(accepted), "127.0.0.1", 0));
    Streams c = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    Streams srv = await(waitFor(accepted, 10));
    Task<byte[]> read = createTask(c.reader().readline());
    await(sleep(0));
    srv.writer().write(b("par"));
    await(waitFor(srv.writer().drain(), 10));
    read.cancel();
    try {
      await(read);
      fail("the read was not cancelled");
    } catch (CancelledError expected) {
      // the readline gave up
    }
    srv.writer().write(b("tial\nnext\n"));
    assertEquals("partial\n", s(await(waitFor(c.reader().readline(), 10))),
        "the cancelled readline consumed nothing");
    assertEquals("next\n", s(await(waitFor(c.reader().readline(), 10))));
    c.writer().close();
    srv.writer().close();
    await(waitFor(c.writer().waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** A task cancelled while blocked in a read: the stream stays usable and loses no byte. */
  @Test
  void aTaskCancelledInAReadLeavesTheStreamUsable() {
    run(cancelledRead());
  }

  @Coroutine
  static Coro<Long> readAllAfter(Future<Void> go, StreamReader reader) {
    await(go);
    return done((long) await(reader.read()).length);
  }

  @Coroutine
  static Coro<Void> cancelledDrain() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    Future<Streams> accepted = loop.createFuture();
    Server server = await(startServer(handOver(accepted), "127.0.0.1", 0, 4096,
        ServerOptions.defaults()));
    Streams c = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    Streams srv = await(waitFor(accepted, 10));
    Future<Void> go = loop.createFuture();
    Task<Long> consumer = createTask(readAllAfter(go, srv.reader()));

    StreamWriter w = c.writer();
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    int high = w.transport().getWriteBufferLimits().high();
    while (w.transport().getWriteBufferSize() <= high) {
      w.write(chunk); // nobody reads: the kernel's buffers fill, then ours
      written += chunk.length;
    }
    Task<Void> drain = createTask(w.drain());
    await(sleep(0));
    await(sleep(0));
    assertFalse(drain.done(), "drain waits while the buffer is over the high-water mark");
    drain.cancel();
    try {
      await(drain);
      fail("the drain was not cancelled");
    } catch (CancelledError expected) {
      // the drain gave up
    }
    assertFalse(w.isClosing(), "a cancelled drain leaves the writer usable");
    go.setResult(null);
    w.write(b("end"));
    written += 3;
    await(waitFor(w.drain(), 30));
    w.writeEof();
    assertEquals(written, await(waitFor(consumer, 30)), "every byte buffered was still sent");
    w.close();
    srv.writer().close();
    await(waitFor(w.waitClosed(), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * A task cancelled while blocked in drain: the writer stays usable, the bytes it had buffered
   * are still sent, a later drain works (Python's _drain_helper removes its waiter in finally).
   */
  @Test
  void aTaskCancelledInDrainLeavesTheWriterUsable() {
    run(cancelledDrain());
  }

  @Coroutine
  static Coro<Void> failingHandler() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamErrorsTest::failAfterReading, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().write(b("x\n"));
    assertEquals(0, await(waitFor(s.reader().read(), 10)).length,
        "the failed handler's connection was closed");
    assertEquals(1, messages.size(), messages.toString());
    assertEquals("Unhandled exception in client_connected_cb", messages.get(0).get("message"));
    assertInstanceOf(ArithmeticException.class, messages.get(0).get("exception"));
    s.writer().close();
    server.close();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  @Coroutine
  static Coro<Void> failAfterReading(StreamReader reader, StreamWriter writer) {
    await(reader.readline());
    throw new ArithmeticException("handler bug");
  }

  /**
   * streams.py StreamReaderProtocol.connection_made (3.12+): a handler task that fails is
   * reported to the exception handler and its connection closed.
   */
  @Test
  void aFailingHandlerIsReportedAndItsConnectionClosed() {
    run(failingHandler());
  }
}
