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
import io.weft.TimeoutError;
import io.weft.net.DatagramOptions;
import io.weft.net.DatagramProtocol;
import io.weft.net.DatagramTransport;
import io.weft.net.DatagramTransportProtocol;
import io.weft.net.TransportSocket;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Datagram endpoints over loopback UDP: {@code loop.create_datagram_endpoint}, {@code
 * DatagramProtocol} and the selector's datagram transport. CPython's test_events.py
 * (test_create_datagram_endpoint and its variants), test_base_events.py (the options) and
 * test_selector_events.py (SelectorDatagramTransportTests: sendto, its errors, close). Every
 * await that waits for the network has a timeout.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramTest {

  static String s(ByteBuffer data) {
    return StandardCharsets.ISO_8859_1.decode(data).toString();
  }

  static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  /**
   * test_events.py MyDatagramProto: records its state and what it received, completes {@code
   * received} at {@code expect} datagrams and {@code lost} with connectionLost's argument.
   */
  static class Recorder implements DatagramProtocol {
    final List<String> events = new ArrayList<>();
    final List<String> datagrams = new ArrayList<>();
    final List<SocketAddress> senders = new ArrayList<>();
    final List<OSError> errors = new ArrayList<>();
    final Future<Void> received;
    final Future<Throwable> lost;
    final Future<OSError> failed;
    final int expect;
    DatagramTransport transport;

    Recorder(EventLoop loop, int expect) {
      this.received = loop.createFuture();
      this.lost = loop.createFuture();
      this.failed = loop.createFuture();
      this.expect = expect;
    }

    @Override
    public void connectionMade(DatagramTransport transport) {
      events.add("made");
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      assertEquals(List.of("made"), events, "nothing comes before connectionMade, or after lost");
      datagrams.add(s(data));
      senders.add(addr);
      if (datagrams.size() == expect && !received.done()) {
        received.setResult(null);
      }
    }

    @Override
    public void errorReceived(OSError exc) {
      errors.add(exc);
      if (!failed.done()) {
        failed.setResult(exc);
      }
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost");
      lost.setResult(exc);
    }
  }

  /** test_events.py TestMyDatagramProto: answers each datagram with "resp:" + it. */
  static final class Responder extends Recorder {
    Responder(EventLoop loop) {
      super(loop, 1);
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      ByteBuffer copy = data.duplicate();
      super.datagramReceived(data, addr);
      ByteBuffer reply = ByteBuffer.allocate(5 + copy.remaining());
      reply.put(b("resp:")).put(copy).flip();
      transport.sendto(reply, addr);
    }
  }

  static InetSocketAddress sockname(DatagramTransport t) {
    return (InetSocketAddress) t.getExtraInfo("sockname");
  }

  @Coroutine
  static Coro<Void> echo() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Responder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Responder(loop), loopback(), null), 10));
    InetSocketAddress serverAddress = sockname(server.transport());
    assertNotEquals(0, serverAddress.getPort(), "the system chose a port");
    assertNull(server.transport().getExtraInfo("peername"));

    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null, serverAddress), 10));
    Recorder c = client.protocol();
    assertEquals(List.of("made"), c.events, "connectionMade ran before the endpoint returned");
    assertSame(client.transport(), c.transport);
    assertEquals(serverAddress, client.transport().getExtraInfo("peername"));
    assertNotNull(client.transport().getExtraInfo("sockname"));
    assertInstanceOf(TransportSocket.class, client.transport().getExtraInfo("socket"));

    client.transport().sendto(b("xxx")); // connected: no address needed
    await(waitFor(server.protocol().received, 10));
    assertEquals(List.of("xxx"), server.protocol().datagrams);
    assertEquals(sockname(client.transport()), server.protocol().senders.get(0));
    await(waitFor(c.received, 10));
    assertEquals(List.of("resp:xxx"), c.datagrams);
    assertEquals(serverAddress, c.senders.get(0));
    assertEquals(0, client.transport().getWriteBufferSize());

    client.transport().close();
    assertTrue(client.transport().isClosing());
    assertFalse(c.lost.done(), "connectionLost comes on a later iteration");
    assertNull(await(waitFor(c.lost, 10)), "a regular close");
    assertEquals(List.of("made", "lost"), c.events);
    assertNull(client.transport().getProtocol(), "the transport let its protocol go");
    server.transport().close();
    await(waitFor(server.protocol().lost, 10));
    assertEquals(List.of(), c.errors);
    return done();
  }

  /**
   * test_events.py test_create_datagram_endpoint: an echo over loopback UDP, the client
   * connected to the server (remote_addr), then closed: connection_made, datagram_received,
   * connection_lost(None).
   */
  @Test
  void aConnectedClientExchangesDatagramsWithAServer() {
    run(echo());
  }

  @Coroutine
  static Coro<Void> unconnected() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Responder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Responder(loop), loopback(), null), 10));
    InetSocketAddress serverAddress = sockname(server.transport());
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 2), loopback(), null), 10));
    DatagramTransport t = client.transport();
    try {
      t.sendto(b("one"), serverAddress);
      t.sendto(ByteBuffer.wrap(b("two")), serverAddress);
      await(waitFor(client.protocol().received, 10));
      assertEquals(List.of("resp:one", "resp:two"), client.protocol().datagrams);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.sendto(b("nowhere")));
      assertTrue(e.getMessage().contains("needs an address"), e.getMessage());
    } finally {
      t.close();
      server.transport().close();
    }
    await(waitFor(client.protocol().lost, 10));
    return done();
  }

  /**
   * test_events.py test_create_datagram_endpoint with local_addr only: sendto needs an address;
   * without one it is refused (Python fails deep in socket.sendto).
   */
  @Test
  void anUnconnectedEndpointSendsToTheAddressGiven() {
    run(unconnected());
  }

  @Coroutine
  static Coro<Void> wrongAddress() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Responder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Responder(loop), loopback(), null), 10));
    InetSocketAddress serverAddress = sockname(server.transport());
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null, serverAddress), 10));
    DatagramTransport t = client.transport();
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.sendto(b("x"), new InetSocketAddress("127.0.0.1", 9)));
      assertTrue(e.getMessage().startsWith("Invalid address: must be null or " + serverAddress),
          e.getMessage());
      t.sendto(b("same"), serverAddress); // the peer itself is fine
      await(waitFor(client.protocol().received, 10));
      assertEquals(List.of("resp:same"), client.protocol().datagrams);
    } finally {
      t.close();
      server.transport().close();
    }
    await(waitFor(client.protocol().lost, 10));
    return done();
  }

  /** test_selector_events.py test_sendto_connected_addr: another address is a ValueError. */
  @Test
  void aConnectedEndpointRefusesAnotherAddress() {
    run(wrongAddress());
  }

  @Coroutine
  static Coro<Void> emptyDatagram() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Recorder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), loopback(), null), 10));
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null,
            sockname(server.transport())), 10));
    client.transport().sendto(new byte[0]);
    assertEquals(0, client.transport().getWriteBufferSize(), "nothing was buffered either");
    client.transport().sendto(b("after"));
    await(waitFor(server.protocol().received, 10));
    assertEquals(List.of("after"), server.protocol().datagrams, "no empty datagram came first");
    client.transport().close();
    server.transport().close();
    await(waitFor(server.protocol().lost, 10));
    return done();
  }

  /**
   * test_selector_events.py test_sendto_bytes_zero_length: Python before 3.13 sends nothing for
   * an empty payload, 3.13 an empty datagram; the JDK cannot send one, so Weft sends nothing.
   */
  @Test
  void anEmptyPayloadSendsNothing() {
    run(emptyDatagram());
  }

  @Coroutine
  static Coro<Void> closing() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Recorder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), loopback(), null), 10));
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null,
            sockname(server.transport())), 10));
    DatagramTransport t = client.transport();
    t.close();
    t.close(); // idempotent
    for (int i = 0; i < 10; i++) {
      t.sendto(b("dropped")); // after close: dropped, no error (a warning from the fifth on)
    }
    assertNull(await(waitFor(client.protocol().lost, 10)));
    assertEquals(List.of("made", "lost"), client.protocol().events, "connectionLost ran once");
    await(sleep(0));
    await(sleep(0));
    assertEquals(List.of(), server.protocol().datagrams, "nothing was sent after close");

    server.transport().abort();
    assertTrue(server.transport().isClosing());
    assertNull(await(waitFor(server.protocol().lost, 10)), "abort: a regular end too");
    assertEquals(List.of(), client.protocol().errors);
    return done();
  }

  /**
   * test_selector_events.py test_sendto_closing / test_close / test_abort: datagrams sent after
   * close are dropped, connectionLost runs once, on a later iteration.
   */
  @Test
  void aClosedEndpointDropsDatagramsAndLosesItsProtocolOnce() {
    run(closing());
  }

  @Coroutine
  static Coro<Void> refused() throws Exception {
    EventLoop loop = getRunningLoop();
    InetSocketAddress nobody;
    try (DatagramChannel c = DatagramChannel.open()) {
      c.bind(loopback());
      nobody = (InetSocketAddress) c.getLocalAddress();
    }
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null, nobody), 10));
    // the system answers a datagram to a closed port with ICMP "port unreachable"; a connected
    // socket reports it on its next operation
    OSError error = null;
    for (int i = 0; i < 50 && error == null; i++) {
      client.transport().sendto(b("anyone?"));
      try {
        error = await(waitFor(shield(client.protocol().failed), 0.1));
      } catch (TimeoutError notYet) {
        // not reported yet: send again
      }
    }
    assertInstanceOf(ConnectionRefusedError.class, error);
    assertFalse(client.transport().isClosing(), "an error received leaves the endpoint open");
    client.transport().close();
    await(waitFor(client.protocol().lost, 10));
    return done();
  }

  /**
   * test_selector_events.py test_read_ready_err / test_sendto_error_received_connected: a
   * datagram refused by the peer's system reaches errorReceived as ConnectionRefusedError, and
   * the endpoint stays open.
   */
  @Test
  void aRefusedDatagramReachesErrorReceived() throws Exception {
    run(refused());
  }

  @Coroutine
  static Coro<Void> options() throws Exception {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Recorder> plain = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), loopback(), null), 10));
    TransportSocket sock = (TransportSocket) plain.transport().getExtraInfo("socket");
    assertFalse(sock.getsockopt(StandardSocketOptions.SO_BROADCAST));

    DatagramTransportProtocol<Recorder> broadcast = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), loopback(), null,
            DatagramOptions.defaults().withAllowBroadcast(true).withReusePort(true)), 10));
    TransportSocket bsock = (TransportSocket) broadcast.transport().getExtraInfo("socket");
    assertTrue(bsock.getsockopt(StandardSocketOptions.SO_BROADCAST));
    assertTrue(bsock.getsockopt(StandardSocketOptions.SO_REUSEPORT));

    try {
      await(loop.createDatagramEndpoint(() -> new Recorder(loop, 1),
          sockname(plain.transport()), null));
      fail("two endpoints bound one port without reusePort");
    } catch (OSError e) {
      assertInstanceOf(BindException.class, e.getCause());
      assertTrue(e.getMessage().startsWith("cannot bind a datagram socket to 127.0.0.1:"),
          e.getMessage());
    }
    plain.transport().close();
    broadcast.transport().close();
    await(waitFor(broadcast.protocol().lost, 10));
    return done();
  }

  /**
   * test_base_events.py test_create_datagram_endpoint_reuse_port /
   * test_create_datagram_endpoint_allow_broadcast: the options set their socket options; a
   * port in use raises OSError.
   */
  @Test
  void theOptionsSetTheirSocketOptions() throws Exception {
    run(options());
  }

  @Coroutine
  static Coro<Void> byName() {
    EventLoop loop = getRunningLoop();
    DatagramTransportProtocol<Responder> server = await(waitFor(
        loop.createDatagramEndpoint(() -> new Responder(loop),
            InetSocketAddress.createUnresolved("localhost", 0), null), 30));
    InetSocketAddress bound = sockname(server.transport());
    assertTrue(bound.getAddress().isLoopbackAddress(), bound.toString());
    DatagramTransportProtocol<Recorder> client = await(waitFor(
        loop.createDatagramEndpoint(() -> new Recorder(loop, 1), null,
            InetSocketAddress.createUnresolved("localhost", bound.getPort())), 30));
    client.transport().sendto(b("hi"));
    await(waitFor(client.protocol().received, 10));
    assertEquals(List.of("resp:hi"), client.protocol().datagrams);
    client.transport().close();
    server.transport().close();
    await(waitFor(server.protocol().lost, 10));
    return done();
  }

  /** base_events.py create_datagram_endpoint: host names are looked up on the executor. */
  @Test
  void addressesByNameAreLookedUp() {
    run(byName());
  }

  /** A Unix-domain address is refused at the call: the JDK has no Unix datagram channels. */
  @Test
  void aUnixAddressIsRefused() {
    EventLoop loop = new EventLoop();
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> loop.createDatagramEndpoint(() -> new Recorder(loop, 1),
              java.net.UnixDomainSocketAddress.of("/tmp/x.sock"), null));
      assertTrue(e.getMessage().contains("InetSocketAddress"), e.getMessage());
    } finally {
      loop.close();
    }
  }
}
