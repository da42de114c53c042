package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.Protocol;
import io.weft.net.Server;
import io.weft.net.Transport;
import io.weft.net.TransportProtocol;
import io.weft.net.WriteTransport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transports and protocols over loopback TCP: {@code loop.create_connection} and {@code
 * loop.create_server} with callback protocols, as CPython's test_events.py EventLoopTestsMixin
 * tests them. Every await that waits for the network has a timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamTransportTest {

  /** Echoes every byte back; closes when the peer ends its side. */
  static final class EchoServer implements Protocol {
    Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }
  }

  /** Records every callback, and completes {@code lost} with connectionLost's argument. */
  static final class Recorder implements Protocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Future<Throwable> lost;
    Future<Void> gotBytes;
    int expect;
    Transport transport;

    Recorder(EventLoop loop) {
      lost = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      events.add("made");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      received.write(b, 0, b.length);
      if (gotBytes != null && received.size() >= expect && !gotBytes.done()) {
        gotBytes.setResult(null);
      }
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost");
      lost.setResult(exc);
    }
  }

  static int port(Server server) {
    InetSocketAddress a = server.sockets().get(0).getsockname();
    return a.getPort();
  }

  @Coroutine
  static Coro<Void> echo() {
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createServer(EchoServer::new, "127.0.0.1", 0));
    assertTrue(server.isServing());
    int port = port(server);
    assertNotEquals(0, port, "port 0 binds an ephemeral port");
    TransportProtocol<Recorder> tp =
        await(waitFor(loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port), 10));
    Recorder client = tp.protocol();
    Transport t = tp.transport();
    assertEquals(List.of("made"), client.events, "connectionMade ran before the await returned");
    assertSame(t, client.transport);
    assertEquals(new InetSocketAddress("127.0.0.1", port), t.getExtraInfo("peername"));
    assertNotNull(t.getExtraInfo("sockname"));
    assertNotNull(t.getExtraInfo("socket"));
    assertEquals("dflt", t.getExtraInfo("nonexistent", "dflt"));

    client.gotBytes = loop.createFuture();
    client.expect = 11;
    t.write("hello ".getBytes(StandardCharsets.US_ASCII));
    t.writelines(List.of("wor".getBytes(StandardCharsets.US_ASCII),
        "ld".getBytes(StandardCharsets.US_ASCII)));
    await(waitFor(client.gotBytes, 10));
    assertEquals("hello world", client.received.toString(StandardCharsets.US_ASCII));

    assertTrue(t.canWriteEof());
    t.writeEof(); // the server reads EOF, its transport closes, we read EOF
    assertNull(await(waitFor(client.lost, 10)));
    assertEquals(List.of("made", "eof", "lost"), client.events);
    assertTrue(t.isClosing());
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertFalse(server.isServing());
    assertEquals(List.of(), server.sockets());
    return done();
  }

  /**
   * test_events.py test_create_connection and test_create_server: a protocol echo round trip,
   * the callback order (made, data, eof, lost) and the extra info.
   */
  @Test
  void aProtocolEchoRoundTripOverLoopback() {
    run(echo());
  }

  /** Counts pause/resume signals and every connectionLost call. */
  static final class FlowRecorder implements Protocol {
    final List<String> events = new ArrayList<>();
    final Future<Throwable> lost;
    Future<Void> resumed;

    FlowRecorder(EventLoop loop) {
      lost = loop.createFuture();
    }

    @Override
    public void pauseWriting() {
      events.add("pause");
    }

    @Override
    public void resumeWriting() {
      events.add("resume");
      if (resumed != null && !resumed.done()) {
        resumed.setResult(null);
      }
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost");
      lost.setResult(exc);
    }
  }

  /** Reads nothing until told, then everything: a peer that applies back-pressure. */
  static final class LazyReader implements Protocol {
    Transport transport;
    long received;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.pauseReading();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }
  }

  @Coroutine
  static Coro<Void> flowControl() {
    EventLoop loop = getRunningLoop();
    List<LazyReader> peers = new ArrayList<>();
    Server server = await(loop.createServer(() -> {
      LazyReader p = new LazyReader();
      peers.add(p);
      return p;
    }, "127.0.0.1", 0));
    TransportProtocol<FlowRecorder> tp = await(waitFor(
        loop.createConnection(() -> new FlowRecorder(loop), "127.0.0.1", port(server)), 10));
    Transport t = tp.transport();
    FlowRecorder p = tp.protocol();
    assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 20));
    assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-1, -2));
    t.setWriteBufferLimits(4000);
    assertEquals(new WriteTransport.BufferLimits(1000, 4000), t.getWriteBufferLimits());
    t.setWriteBufferLimits(8000, 2000);
    assertEquals(new WriteTransport.BufferLimits(2000, 8000), t.getWriteBufferLimits());
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    while (t.getWriteBufferSize() <= 8000) {
      t.write(chunk);
      written += chunk.length;
    }
    assertEquals(List.of("pause"), p.events, "paused once over the high-water mark");
    t.write(chunk); // more while paused: no second pause
    written += chunk.length;
    assertEquals(List.of("pause"), p.events);
    p.resumed = loop.createFuture();
    for (int i = 0; i < 100 && peers.isEmpty(); i++) {
      await(sleep(0)); // the server's accept
    }
    peers.get(0).transport.resumeReading();
    await(waitFor(p.resumed, 10));
    assertEquals(List.of("pause", "resume"), p.events);
    assertTrue(t.getWriteBufferSize() <= 2000, "resumed at the low-water mark or below");
    t.close();
    assertNull(await(waitFor(p.lost, 10)));
    assertEquals(List.of("pause", "resume", "lost"), p.events);
    server.close();
    server.closeClients();
    await(waitFor(server.waitClosed(), 10));
    assertTrue(peers.get(0).received <= written);
    return done();
  }

  /**
   * test_transports.py test_flowcontrol_mixin_set_write_limits and test_selector_events.py's
   * pause/resume tests: pauseWriting over the high mark, once; resumeWriting at the low mark;
   * bad marks refused.
   */
  @Test
  void theProtocolIsPausedOverTheHighMarkAndResumedAtTheLowMark() {
    run(flowControl());
  }

  @Coroutine
  static Coro<Void> writeEofThenWrite() {
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createServer(EchoServer::new, "127.0.0.1", 0));
    TransportProtocol<Recorder> tp = await(waitFor(
        loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port(server)), 10));
    Transport t = tp.transport();
    t.writeEof();
    t.writeEof(); // idempotent
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> t.write(new byte[] {1}));
    assertEquals("Cannot call write() after writeEof()", e.getMessage());
    assertThrows(IllegalStateException.class, () -> t.writelines(List.of(new byte[] {1})));
    assertNull(await(waitFor(tp.protocol().lost, 10)), "the echo server closed on our EOF");
    server.close();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** test_selector_events.py test_write_eof / test_write_after_eof (RuntimeError). */
  @Test
  void writeAfterWriteEofIsRefused() {
    run(writeEofThenWrite());
  }

  @Coroutine
  static Coro<Void> abort() {
    EventLoop loop = getRunningLoop();
    List<LazyReader> peers = new ArrayList<>();
    Server server = await(loop.createServer(() -> {
      LazyReader p = new LazyReader();
      peers.add(p);
      return p;
    }, "127.0.0.1", 0));
    TransportProtocol<FlowRecorder> tp = await(waitFor(
        loop.createConnection(() -> new FlowRecorder(loop), "127.0.0.1", port(server)), 10));
    Transport t = tp.transport();
    byte[] chunk = new byte[256 * 1024];
    for (int i = 0; i < 100 && t.getWriteBufferSize() == 0; i++) {
      t.write(chunk);
    }
    assertNotEquals(0, t.getWriteBufferSize());
    t.abort();
    assertTrue(t.isClosing());
    assertEquals(0, t.getWriteBufferSize(), "abort drops the buffer");
    t.abort();
    t.close(); // both idempotent after abort
    t.write(new byte[] {1}); // dropped
    assertNull(await(waitFor(tp.protocol().lost, 10)));
    await(sleep(0));
    await(sleep(0));
    assertEquals(1, tp.protocol().events.stream().filter("lost"::equals).count(),
        "connectionLost exactly once");
    assertNull(t.getProtocol(), "the transport lets go of its protocol");
    server.close();
    server.abortClients();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** test_selector_events.py test_abort / test_force_close: buffer dropped, lost exactly once. */
  @Test
  void abortDropsTheBufferAndConnectionLostRunsOnce() {
    run(abort());
  }

  /** A protocol whose dataReceived throws. */
  static final class Buggy implements Protocol {
    final Future<Throwable> lost;

    Buggy(EventLoop loop) {
      lost = loop.createFuture();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      throw new ArithmeticException("protocol bug");
    }

    @Override
    public void connectionLost(Throwable exc) {
      lost.setResult(exc);
    }
  }

  @Coroutine
  static Coro<Void> buggyProtocol() {
    EventLoop loop = getRunningLoop();
    List<Map<String, Object>> messages = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> messages.add(ctx));
    Server server = await(loop.createServer(EchoServer::new, "127.0.0.1", 0));
    TransportProtocol<Buggy> tp = await(waitFor(
        loop.createConnection(() -> new Buggy(loop), "127.0.0.1", port(server)), 10));
    tp.transport().write(new byte[] {1, 2, 3});
    Throwable exc = await(waitFor(tp.protocol().lost, 10));
    assertInstanceOf(ArithmeticException.class, exc, "the connection is lost with the bug");
    assertEquals(1, messages.size());
    assertEquals("Fatal error: protocol.dataReceived() call failed.",
        messages.get(0).get("message"));
    assertSame(exc, messages.get(0).get("exception"));
    assertSame(tp.transport(), messages.get(0).get("transport"));
    server.close();
    server.closeClients();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /**
   * test_selector_events.py test_read_ready_err / _fatal_error: a protocol callback that throws
   * is reported and closes the connection with its exception.
   */
  @Test
  void aProtocolThatThrowsIsReportedAndLosesItsConnection() {
    run(buggyProtocol());
  }

  /** Echoes, then completes {@code echoed}: the bytes are in the client's socket by then. */
  static final class NotifyingEcho implements Protocol {
    final Future<Void> echoed;
    Transport transport;

    NotifyingEcho(Future<Void> echoed) {
      this.echoed = echoed;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
      if (!echoed.done()) {
        echoed.setResult(null);
      }
    }
  }

  @Coroutine
  static Coro<Void> pauseReading() {
    EventLoop loop = getRunningLoop();
    Future<Void> echoed = loop.createFuture();
    Server server = await(loop.createServer(() -> new NotifyingEcho(echoed), "127.0.0.1", 0));
    TransportProtocol<Recorder> tp = await(waitFor(
        loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port(server)), 10));
    Transport t = tp.transport();
    Recorder r = tp.protocol();
    assertTrue(t.isReading());
    t.pauseReading();
    t.pauseReading(); // idempotent
    assertFalse(t.isReading());
    r.gotBytes = loop.createFuture();
    r.expect = 4;
    t.write("ping".getBytes(StandardCharsets.US_ASCII));
    await(waitFor(echoed, 10)); // the echo is in our socket's receive queue now
    for (int i = 0; i < 5; i++) {
      await(sleep(0)); // passes in which a reading transport would deliver it
    }
    assertFalse(r.gotBytes.done(), "data was delivered while paused");
    t.resumeReading();
    assertTrue(t.isReading());
    await(waitFor(r.gotBytes, 10));
    assertEquals("ping", r.received.toString(StandardCharsets.US_ASCII));
    t.close();
    assertFalse(t.isReading(), "a closing transport does not read");
    t.resumeReading();
    assertFalse(t.isReading());
    await(waitFor(r.lost, 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  /** test_selector_events.py test_pause_resume_reading. */
  @Test
  void pauseReadingStopsDeliveryUntilResumeReading() {
    run(pauseReading());
  }
}
