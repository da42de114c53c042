package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.DatagramProtocol;
import io.weft.net.DatagramTransport;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of {@code docs/sockets.md}, verbatim, with what they print: the doc cannot drift
 * from what the code does (kotlinx Knit's rule). {@code fetch} runs against a small HTTP-like
 * stream server.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketsDocExampleTest {

  // ---- docs/sockets.md sock example begins
  @Coroutine
  static Coro<byte[]> fetch(InetSocketAddress server) throws IOException {
    EventLoop loop = getRunningLoop();
    try (SocketChannel ch = SocketChannel.open()) {
      ch.configureBlocking(false);
      await(loop.sockConnect(ch, server));
      await(loop.sockSendall(ch, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      return done(await(loop.sockRecv(ch, 65536)));
    }
  }
  // ---- docs/sockets.md sock example ends

  @Coroutine
  static Coro<Void> answer(StreamReader reader, StreamWriter writer) {
    await(reader.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    writer.write("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    await(writer.drain());
    writer.close();
    return done();
  }

  @Coroutine
  static Coro<String> fetchMain() throws IOException {
    Server server = await(startServer(SocketsDocExampleTest::answer, "127.0.0.1", 0));
    try {
      byte[] reply = await(waitFor(fetch(server.sockets().get(0).getsockname()), 10));
      return done(new String(reply, StandardCharsets.US_ASCII));
    } finally {
      server.close();
    }
  }

  /** fetch connects, sends a request and returns the answer, with the sock methods. */
  @Test
  void theSockExampleFetchesTheAnswer() throws IOException {
    assertEquals("HTTP/1.0 200 OK\r\n\r\n", run(fetchMain()));
  }

  // ---- docs/sockets.md UDP example begins
  static final class EchoServer implements DatagramProtocol {
    private DatagramTransport transport;

    @Override
    public void connectionMade(DatagramTransport transport) {
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      transport.sendto(data, addr); // the buffer is lent: sendto copies what it keeps
    }
  }

  static final class EchoClient implements DatagramProtocol {
    private final Future<Void> answered;

    EchoClient(Future<Void> answered) {
      this.answered = answered;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress addr) {
      System.out.println("Client received " + StandardCharsets.UTF_8.decode(data));
      answered.setResult(null);
    }
  }

  @Coroutine
  static Coro<Void> udpMain() {
    EventLoop loop = getRunningLoop();
    var server = await(loop.createDatagramEndpoint(EchoServer::new,
        new InetSocketAddress("127.0.0.1", 0), null)); // port 0: the system chooses
    var address = (InetSocketAddress) server.transport().getExtraInfo("sockname");
    Future<Void> answered = loop.createFuture();
    var client = await(loop.createDatagramEndpoint(() -> new EchoClient(answered), null,
        address)); // connected to the server
    client.transport().sendto("ping".getBytes(StandardCharsets.UTF_8)); // no address needed
    await(answered);
    client.transport().close();
    server.transport().close();
    return done();
  }
  // ---- docs/sockets.md UDP example ends

  /** The UDP example prints what docs/sockets.md says it prints. */
  @Test
  void theUdpExamplePrintsWhatTheDocSays() {
    String out = StreamDocExampleTest.captured(() -> run(udpMain()));
    assertEquals("Client received ping" + System.lineSeparator(), out);
  }
}
