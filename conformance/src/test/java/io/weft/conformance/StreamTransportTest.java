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
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
