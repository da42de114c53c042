package io.weft.conformance;

import static io.weft.Asyncio.*;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo examples of {@code docs/streams.md}, verbatim but for the class name in a method
 * reference, with their printed output: the doc cannot drift from what the code does (kotlinx
 * Knit's rule).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamDocExampleTest {

  // ---- docs/streams.md streams example begins
  @Coroutine
  static Coro<Void> handleEcho(StreamReader reader, StreamWriter writer) {
    byte[] data = await(reader.read(100));
    String message = new String(data, StandardCharsets.UTF_8);
    System.out.println("Server received " + message);
    writer.write(data);
    await(writer.drain());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> echoClient(int port, String message) {
    Streams s = await(openConnection("127.0.0.1", port));
    s.writer().write(message.getBytes(StandardCharsets.UTF_8));
    await(s.writer().drain());
    byte[] data = await(s.reader().read(100));
    System.out.println("Client received " + new String(data, StandardCharsets.UTF_8));
    s.writer().close();
    await(s.writer().waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> main() {
    Server server = await(startServer(StreamDocExampleTest::handleEcho, "127.0.0.1", 0));
    int port = server.sockets().get(0).getsockname().getPort(); // port 0: the system chose
    try {
      await(echoClient(port, "Hello World!"));
    } finally {
      server.close();
      await(server.waitClosed());
    }
    return done();
  }
  // ---- docs/streams.md streams example ends

  // ---- docs/streams.md protocol example begins
  static final class EchoServerProtocol implements Protocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data); // the buffer is lent for this call: write copies what it keeps
    }
  }

  static final class EchoClientProtocol implements Protocol {
    private final String message;
    private final Future<Void> done;

    EchoClientProtocol(String message, Future<Void> done) {
      this.message = message;
      this.done = done;
    }

    @Override
    public void connectionMade(Transport transport) {
      transport.write(message.getBytes(StandardCharsets.UTF_8));
      transport.writeEof(); // no more from us: the echo server closes after echoing
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      System.out.println("Client received " + StandardCharsets.UTF_8.decode(data));
    }

    @Override
    public void connectionLost(Throwable exc) {
      done.setResult(null);
    }
  }

  @Coroutine
  static Coro<Void> protocolMain() {
    EventLoop loop = getRunningLoop();
    Server server = await(loop.createServer(EchoServerProtocol::new, "127.0.0.1", 0));
    int port = server.sockets().get(0).getsockname().getPort();
    Future<Void> lost = loop.createFuture();
    await(loop.createConnection(() -> new EchoClientProtocol("Hello World!", lost),
        "127.0.0.1", port));
    await(lost); // connectionLost ran: the exchange is over
    server.close();
    await(server.waitClosed());
    return done();
  }
  // ---- docs/streams.md protocol example ends

  static String captured(Runnable body) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The streams example prints what docs/streams.md says it prints. */
  @Test
  void theStreamsExamplePrintsWhatTheDocSays() {
    String out = captured(() -> run(main()));
    assertEquals(String.join(System.lineSeparator(),
        "Server received Hello World!", "Client received Hello World!", ""), out);
  }

  /** The protocol example prints what docs/streams.md says it prints. */
  @Test
  void theProtocolExamplePrintsWhatTheDocSays() {
    String out = captured(() -> run(protocolMain()));
    assertEquals("Client received Hello World!" + System.lineSeparator(), out);
  }
}
