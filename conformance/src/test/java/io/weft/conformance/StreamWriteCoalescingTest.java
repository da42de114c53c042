package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.Protocol;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import io.weft.net.Transport;
import io.weft.net.TransportProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Write coalescing, a Weft departure from CPython (docs/streams.md): a socket transport's first
 * write in a loop iteration goes to the socket at once, as in Python; a later small write in the
 * same iteration that finds the buffer empty is kept, with the small writes after it, and sent in
 * one system call at the end of the iteration. The kept bytes stay at or under 16 KiB and the
 * high-water mark; close() and writeEof() send them at once, abort() drops them.
 *
 * <p>The first tests drive the loop one iteration at a time against a plain blocking socket that
 * the test reads, and record what the transport reports step by step; {@code
 * getWriteBufferSize()} shows the kept bytes, so they fail if coalescing is removed. The others
 * run whole conversations (flow control, a large write, streams, TLS) and check every byte.
 * Loopback only; every wait has a timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamWriteCoalescingTest extends VirtualLoopTest {

  /** Records the callbacks and the buffer size at pause/resume; keeps what it receives. */
  static final class Client implements Protocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Future<Throwable> lost;
    Future<Void> resumed;
    Transport transport;
    boolean paused;
    long sizeAtPause = -1;
    long sizeAtResume = -1;

    Client(EventLoop loop) {
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
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return false;
    }

    @Override
    public void pauseWriting() {
      events.add("pause");
      paused = true;
      sizeAtPause = transport.getWriteBufferSize();
    }

    @Override
    public void resumeWriting() {
      events.add("resume");
      paused = false;
      sizeAtResume = transport.getWriteBufferSize();
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

  // ------------------------------------------------------------------ one iteration at a time

  private ServerSocket listener;
  private Socket peer;
  private InputStream in;
  private Client client;
  private Transport t;

  /** Connects a transport of the test's loop to a blocking socket the test reads ({@link #in}). */
  private void connect() throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress("127.0.0.1", 0));
    TransportProtocol<Client> tp = loop.runUntilComplete(loop.createConnection(
        () -> new Client(loop), "127.0.0.1", listener.getLocalPort()));
    client = tp.protocol();
    t = tp.transport();
    peer = listener.accept();
    peer.setSoTimeout(10_000);
    in = peer.getInputStream();
  }

  @AfterEach
  void endConnection() throws IOException {
    if (t != null && !client.lost.done()) {
      t.abort();
      loop.runUntilComplete(client.lost);
    }
    if (peer != null) {
      peer.close();
    }
    if (listener != null) {
      listener.close();
    }
  }

  /** Exactly {@code n} bytes from the peer's socket. */
  private byte[] peerReads(int n) throws IOException {
    byte[] got = in.readNBytes(n);
    assertEquals(n, got.length, "the stream ended early");
    return got;
  }

  /** {@code n} copies of {@code c}. */
  static byte[] bytes(char c, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** The arrays one after the other. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.write(p, 0, p.length);
    }
    return all.toByteArray();
  }

  /**
   * The rule: the first write of an iteration goes out at once; later small ones in the same
   * iteration wait in the buffer (and are not in the peer's socket yet) until the iteration ends,
   * then go together; the next iteration's first write goes out at once again.
   */
  @Test
  void laterSmallWritesOfOneIterationWaitForItsEnd() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("first,"));
      steps.add("after the first write: " + t.getWriteBufferSize());
      t.write(b("second,"));
      steps.add("after the second: " + t.getWriteBufferSize());
      t.writelines(List.of(b("third,"), b("fourth")));
      steps.add("after writelines: " + t.getWriteBufferSize());
      try {
        steps.add("the peer has none of the kept bytes: " + (in.available() <= 6));
      } catch (IOException e) {
        steps.add(e.toString());
      }
      loop.callSoon(() -> steps.add("next iteration: " + t.getWriteBufferSize()));
    });
    runBriefly(loop);
    steps.add("the iteration ended: " + t.getWriteBufferSize());
    assertEquals(List.of(
        "after the first write: 0",
        "after the second: 7",
        "after writelines: 19",
        "the peer has none of the kept bytes: true",
        "the iteration ended: 0"), steps);
    assertEquals("first,second,third,fourth", s(peerReads(25)));

    loop.callSoon(() -> {
      t.write(b("fifth"));
      steps.add("a new iteration's first write: " + t.getWriteBufferSize());
    });
    runBriefly(loop);
    assertEquals("next iteration: 0", steps.get(5), "the iteration after the flush sees it sent");
    assertEquals("a new iteration's first write: 0", steps.get(6));
    assertEquals("fifth", s(peerReads(5)));
    assertEquals(List.of("made"), client.events);
  }

  /**
   * At most 16 KiB are kept: a write that would take the kept bytes over it sends them first,
   * and a write over 16 KiB is never kept. Every byte arrives, in order.
   */
  @Test
  void atMostSixteenKiBAreKept() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("<"));
      t.write(bytes('a', 8192));
      t.write(bytes('b', 8192));
      steps.add("kept: " + t.getWriteBufferSize());
      t.write(b(">"));
      steps.add("one more byte sent them, and is kept: " + t.getWriteBufferSize());
    });
    runBriefly(loop);
    loop.callSoon(() -> {
      t.write(b("<"));
      t.write(bytes('c', 16385));
      steps.add("16 KiB + 1 went to the socket at once: " + (t.getWriteBufferSize() < 16385));
    });
    runBriefly(loop);
    for (int i = 0; i < 1000 && t.getWriteBufferSize() > 0; i++) {
      runBriefly(loop); // only if the socket did not take all of it at once
    }
    assertEquals(List.of(
        "kept: 16384",
        "one more byte sent them, and is kept: 1",
        "16 KiB + 1 went to the socket at once: true"), steps);
    byte[] expected = concat(b("<"), bytes('a', 8192), bytes('b', 8192), b(">"), b("<"),
        bytes('c', 16385));
    assertArrayEquals(expected, peerReads(expected.length));
  }

  /**
   * The bound is the high-water mark when it is under 16 KiB (kept bytes never pause the
   * protocol). A write over the bound sends the kept bytes, then is treated as any write: kept
   * when small, sent at once when not.
   */
  @Test
  void aWriteOverTheBoundSendsTheKeptBytesFirstAndKeepsTheOrder() throws IOException {
    connect();
    t.setWriteBufferLimits(1000, 250);
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(bytes('a', 10));
      steps.add("a sent: " + t.getWriteBufferSize());
      t.write(bytes('b', 600));
      steps.add("b kept: " + t.getWriteBufferSize());
      t.write(bytes('c', 600));
      steps.add("b sent, c kept: " + t.getWriteBufferSize());
      t.write(bytes('d', 400));
      steps.add("c and d kept, at the mark: " + t.getWriteBufferSize());
      t.write(bytes('e', 1001));
      steps.add("c, d, then e sent: " + t.getWriteBufferSize());
      t.write(bytes('f', 1));
      steps.add("f kept: " + t.getWriteBufferSize());
    });
    runBriefly(loop);
    steps.add("the iteration ended: " + t.getWriteBufferSize());
    assertEquals(List.of(
        "a sent: 0",
        "b kept: 600",
        "b sent, c kept: 600",
        "c and d kept, at the mark: 1000",
        "c, d, then e sent: 0",
        "f kept: 1",
        "the iteration ended: 0"), steps);
    byte[] expected = concat(bytes('a', 10), bytes('b', 600), bytes('c', 600), bytes('d', 400),
        bytes('e', 1001), bytes('f', 1));
    assertArrayEquals(expected, peerReads(expected.length));
    assertEquals(List.of("made"), client.events, "never paused");
  }

  /**
   * A high-water mark set under the kept bytes sends them at once, so that they never pause the
   * protocol; a mark above them leaves them kept.
   */
  @Test
  void aHighWaterMarkSetUnderTheKeptBytesSendsThem() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("0123456789"));
      t.write(bytes('x', 500));
      t.setWriteBufferLimits(2000, 100);
      steps.add("a mark above: still kept " + t.getWriteBufferSize());
      t.setWriteBufferLimits(100, 50);
      steps.add("a mark under: sent " + t.getWriteBufferSize());
      t.write(bytes('y', 50));
      steps.add("kept under the new mark: " + t.getWriteBufferSize());
      t.write(bytes('z', 60));
      steps.add("over it: y sent, z kept " + t.getWriteBufferSize());
    });
    runBriefly(loop);
    assertEquals(List.of(
        "a mark above: still kept 500",
        "a mark under: sent 0",
        "kept under the new mark: 50",
        "over it: y sent, z kept 60"), steps);
    assertEquals(0, t.getWriteBufferSize());
    byte[] expected = concat(b("0123456789"), bytes('x', 500), bytes('y', 50), bytes('z', 60));
    assertArrayEquals(expected, peerReads(expected.length));
    assertEquals(List.of("made"), client.events, "never paused");
  }

  /** close() right after kept writes sends them at once, then ends the connection as usual. */
  @Test
  void closeAfterKeptWritesSendsThemThenEnds() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("all "));
      t.write(b("of "));
      t.write(b("it"));
      steps.add("kept: " + t.getWriteBufferSize());
      t.close();
      steps.add("closing: " + t.isClosing() + ", buffered: " + t.getWriteBufferSize());
    });
    runBriefly(loop);
    assertEquals(List.of("kept: 5", "closing: true, buffered: 0"), steps);
    assertEquals("all of it", s(peerReads(9)));
    assertNull(loop.runUntilComplete(client.lost));
    assertEquals(-1, in.read(), "then the end of the stream");
    assertEquals(List.of("made", "lost"), client.events);
  }

  /**
   * writeEof() right after kept writes sends them before the EOF; the connection still reads
   * what the peer sends after it.
   */
  @Test
  void writeEofAfterKeptWritesSendsThemBeforeTheEof() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("request "));
      t.write(b("body"));
      steps.add("kept: " + t.getWriteBufferSize());
      t.writeEof();
      steps.add("after writeEof: " + t.getWriteBufferSize() + ", closing: " + t.isClosing());
    });
    runBriefly(loop);
    assertEquals(List.of("kept: 4", "after writeEof: 0, closing: false"), steps);
    assertEquals("request body", s(peerReads(12)));
    assertEquals(-1, in.read(), "then the EOF");
    peer.getOutputStream().write(b("reply"));
    peer.shutdownOutput();
    assertNull(loop.runUntilComplete(client.lost));
    assertEquals("reply", s(client.received.toByteArray()), "half-closed, still reading");
    assertEquals(List.of("made", "eof", "lost"), client.events);
  }

  /** abort() right after kept writes drops them: the peer gets the first write, then the end. */
  @Test
  void abortAfterKeptWritesDropsThem() throws IOException {
    connect();
    List<String> steps = new ArrayList<>();
    loop.callSoon(() -> {
      t.write(b("sent"));
      t.write(b("dropped"));
      steps.add("kept: " + t.getWriteBufferSize());
      t.abort();
      steps.add("aborted: " + t.getWriteBufferSize() + ", closing: " + t.isClosing());
    });
    runBriefly(loop);
    assertEquals(List.of("kept: 7", "aborted: 0, closing: true"), steps);
    assertNull(loop.runUntilComplete(client.lost));
    assertEquals("sent", s(in.readAllBytes()), "nothing after the first write, then the end");
    assertEquals(List.of("made", "lost"), client.events);
  }

  // ------------------------------------------------------------------ whole conversations

  /** Reads nothing until told, then keeps everything; {@code done} completes at its EOF. */
  static final class SlowPeer implements Protocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Future<Void> done;
    Transport transport;

    SlowPeer(EventLoop loop) {
      done = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.pauseReading();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      received.write(b, 0, b.length);
    }

    @Override
    public boolean eofReceived() {
      done.setResult(null);
      return false;
    }
  }

  /** The {@code i}-th chunk of a flow: {@code size} bytes, all {@code (byte) i}. */
  static byte[] chunk(int i, int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) i);
    return b;
  }

  @Coroutine
  static Coro<Void> flowControl() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    List<SlowPeer> peers = new ArrayList<>();
    Server server = await(loop.createServer(() -> {
      SlowPeer p = new SlowPeer(loop);
      peers.add(p);
      return p;
    }, "127.0.0.1", 0));
    TransportProtocol<Client> tp = await(waitFor(
        loop.createConnection(() -> new Client(loop), "127.0.0.1", port(server)), 10));
    Transport t = tp.transport();
    Client p = tp.protocol();
    t.setWriteBufferLimits(4096, 1024);

    // one step: small writes (kept four at a time, then sent) until the socket is full and the
    // buffer goes over the high mark
    int size = 1000;
    int n = 0;
    while (!p.paused && n < 100_000) {
      t.write(chunk(n++, size));
      if (!p.paused) {
        assertTrue(t.getWriteBufferSize() <= 4096,
            "at or under the high mark, kept or not, nothing pauses: " + t.getWriteBufferSize());
      }
    }
    assertTrue(p.paused, "the socket never filled up");
    assertEquals(List.of("made", "pause"), p.events, "paused once");
    assertTrue(p.sizeAtPause > 4096, "paused over the high mark: " + p.sizeAtPause);
    t.write(chunk(n++, size)); // more while paused: buffered, no second pause
    assertEquals(List.of("made", "pause"), p.events);

    p.resumed = loop.createFuture();
    for (int i = 0; i < 100 && peers.isEmpty(); i++) {
      await(sleep(0)); // the server's accept
    }
    SlowPeer peer = peers.get(0);
    peer.transport.resumeReading();
    await(waitFor(p.resumed, 30));
    assertEquals(List.of("made", "pause", "resume"), p.events, "resumed once");
    assertTrue(p.sizeAtResume <= 1024, "resumed at the low mark or under: " + p.sizeAtResume);

    t.close();
    await(waitFor(peer.done, 30));
    byte[] got = peer.received.toByteArray();
    assertEquals((long) n * size, got.length, "every byte written arrived");
    for (int i = 0; i < n; i++) {
      assertEquals((byte) i, got[i * size], "chunk " + i + " in its place");
      assertEquals((byte) i, got[i * size + size - 1], "chunk " + i + " in its place");
    }
    assertNull(await(waitFor(p.lost, 10)));
    server.closeClients();
    await(closeCleanly(server, messages));
    return done();
  }

  /**
   * pauseWriting fires once when the buffer goes over the high-water mark and resumeWriting once
   * when it drains to the low one, with small writes kept and sent in between; every byte
   * arrives in order.
   */
  @Test
  void flowControlStillPausesAndResumesAtTheMarks() {
    loop.runUntilComplete(flowControl());
  }

  @Coroutine
  static Coro<Void> largeAfterKept() {
    List<Map<String, Object>> messages = recordErrors();
    EventLoop loop = getRunningLoop();
    List<SlowPeer> peers = new ArrayList<>();
    Server server = await(loop.createServer(() -> {
      SlowPeer p = new SlowPeer(loop);
      peers.add(p);
      return p;
    }, "127.0.0.1", 0));
    TransportProtocol<Client> tp = await(waitFor(
        loop.createConnection(() -> new Client(loop), "127.0.0.1", port(server)), 10));
    for (int i = 0; i < 100 && peers.isEmpty(); i++) {
      await(sleep(0)); // the server's accept
    }
    SlowPeer peer = peers.get(0);
    peer.transport.resumeReading();
    Transport t = tp.transport();
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i / 1024);
    }
    t.write(b("<head>"));
    t.write(b("<kept>"));
    assertEquals(6, t.getWriteBufferSize(), "the second write is kept");
    t.write(big); // the kept bytes go first, then as much of this as the socket takes
    t.write(b("<tail>"));
    t.close();
    await(waitFor(peer.done, 30));
    assertArrayEquals(concat(b("<head><kept>"), big, b("<tail>")), peer.received.toByteArray());
    assertNull(await(waitFor(tp.protocol().lost, 10)));
    await(closeCleanly(server, messages));
    return done();
  }

  /** A 1 MiB write after a kept one, then a small one and close: every byte, in order. */
  @Test
  void aLargeWriteAfterAKeptOneKeepsTheByteOrder() {
    loop.runUntilComplete(largeAfterKept());
  }

  // ------------------------------------------------------------------ streams, TLS

  @Coroutine
  static Coro<Void> echoAll(StreamReader reader, StreamWriter writer) {
    writer.write(await(reader.read()));
    await(writer.drain());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> streamWrites() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamWriteCoalescingTest::echoAll, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    StreamWriter w = s.writer();
    List<String> steps = new ArrayList<>();
    w.write(b("one,"));
    steps.add("sent: " + w.transport().getWriteBufferSize());
    w.write(b("two,"));
    w.write(b("three"));
    steps.add("kept: " + w.transport().getWriteBufferSize());
    await(w.drain());
    steps.add("drain returned at once, still kept: " + w.transport().getWriteBufferSize());
    await(sleep(0));
    steps.add("the step's iteration ended: " + w.transport().getWriteBufferSize());
    assertEquals(List.of(
        "sent: 0",
        "kept: 9",
        "drain returned at once, still kept: 9",
        "the step's iteration ended: 0"), steps);
    w.writeEof();
    assertEquals("one,two,three", s(await(waitFor(s.reader().read(), 10))));
    w.close();
    await(waitFor(w.waitClosed(), 10));
    await(closeCleanly(server, messages));
    return done();
  }

  /**
   * A task's writes in one step: the first goes out, the others are kept; drain() does not wait
   * for kept bytes (they are under the high-water mark); they go when the step's iteration ends.
   */
  @Test
  void aTasksWritesInOneStepGoOutWhenItsIterationEnds() {
    loop.runUntilComplete(streamWrites());
  }

  /** For each line, an answer in two writes ("headers" then "body"), then a drain. */
  @Coroutine
  static Coro<Void> answerEachLine(StreamReader reader, StreamWriter writer) {
    for (;;) {
      byte[] line = await(reader.readline());
      if (line.length == 0) {
        break;
      }
      writer.write(b("re:"));
      writer.write(line);
      await(writer.drain());
    }
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  /**
   * Every test's end: closes the server, waits until it is closed, and checks nothing reached the
   * loop's exception handler meanwhile.
   */
  @Coroutine
  static Coro<Void> closeCleanly(Server server, List<Map<String, Object>> messages) {
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages, "reported to the loop's exception handler");
    return done();
  }

  static final int PIPELINED = 16;

  static String requests() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < PIPELINED; i++) {
      all.append("request ").append(i).append('\n');
    }
    return all.toString();
  }

  static String answers() {
    return requests().replace("request", "re:request");
  }

  @Coroutine
  static Coro<Void> pipelined() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamWriteCoalescingTest::answerEachLine, "127.0.0.1", 0));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server)), 10));
    s.writer().write(b(requests())); // one write: the server reads them together
    s.writer().writeEof();
    assertEquals(answers(), s(await(waitFor(s.reader().read(), 10))));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    await(closeCleanly(server, messages));
    return done();
  }

  /** Sixteen pipelined requests, two writes per answer: every answer whole and in order. */
  @Test
  void pipelinedRequestsGetTheirAnswersInOrder() {
    loop.runUntilComplete(pipelined());
  }

  @Coroutine
  static Coro<Void> pipelinedTls() {
    List<Map<String, Object>> messages = recordErrors();
    Server server = await(startServer(StreamWriteCoalescingTest::answerEachLine, "127.0.0.1", 0,
        TlsStreamsTest.tlsServer()));
    Streams s = await(waitFor(openConnection("127.0.0.1", port(server),
        TlsStreamsTest.tlsClient()), 10));
    s.writer().write(b(requests()));
    String expected = answers();
    assertEquals(expected, s(await(waitFor(s.reader().readexactly(expected.length()), 10))));
    s.writer().close();
    await(waitFor(s.writer().waitClosed(), 10));
    await(closeCleanly(server, messages));
    return done();
  }

  /**
   * The same over TLS: each write is a TLS record handed to the TCP transport below, which keeps
   * them as any writes. Every answer whole and in order.
   */
  @Test
  void pipelinedRequestsOverTlsGetTheirAnswersInOrder() {
    loop.runUntilComplete(pipelinedTls());
  }
}
