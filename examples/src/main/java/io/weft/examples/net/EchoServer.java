package io.weft.examples.net;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.startServer;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Future;
import io.weft.net.Protocol;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A line echo server on streams: every line a client sends comes back to it, until the client
 * ends its side. Many clients at once, one task each, all on one thread. Try it with {@code nc
 * 127.0.0.1 8888}. Prints, for a client that sends two lines:
 *
 * <pre>
 * Serving on 127.0.0.1:8888
 * Connection from 127.0.0.1:53422
 * Received "hello" from 127.0.0.1:53422
 * Received "world" from 127.0.0.1:53422
 * Close the connection to 127.0.0.1:53422
 * </pre>
 *
 * <p>The Python it mirrors, the echo server of the asyncio documentation ("TCP echo server using
 * streams"), echoing every line instead of one message:
 *
 * <pre>
 * async def handle_echo(reader, writer):
 *     addr = writer.get_extra_info('peername')
 *     async for line in reader:
 *         print(f"Received {line.decode().rstrip()!r} from {addr!r}")
 *         writer.write(line)
 *         await writer.drain()
 *     print("Close the connection")
 *     writer.close()
 *     await writer.wait_closed()
 *
 * async def main():
 *     server = await asyncio.start_server(handle_echo, '127.0.0.1', 8888)
 *     addrs = ', '.join(str(sock.getsockname()) for sock in server.sockets)
 *     print(f'Serving on {addrs}')
 *     async with server:
 *         await server.serve_forever()
 *
 * asyncio.run(main())
 * </pre>
 *
 * <p>{@code startServer} takes the handler as a method reference to a {@code @Coroutine}
 * method: each connection runs it in a task of its own. {@code await(writer.drain())} after each
 * write holds a client that sends faster than it reads to what the socket takes. A connection
 * that fails (the client resets it) ends its handler with the error, which is printed; the
 * others go on.
 *
 * <p>With {@code --protocol}, the same server runs on the protocol layer instead ({@link
 * EchoProtocol}, the documentation's "TCP echo server protocol"): no task per connection, each
 * chunk of bytes written back from {@code dataReceived} as it comes, so it echoes bytes rather
 * than lines and prints no "Received" line.
 *
 * <p>Arguments: {@code echo-server [--protocol] [PORT [CONNECTIONS]]}: port 8888 by default, 0
 * for one the system chooses; with CONNECTIONS, the server closes after that many connections
 * have ended, otherwise it serves until Ctrl-C.
 */
public final class EchoServer {

  /** How many connections to serve before closing; 0 for no end. */
  private final int connections;

  /** Done when {@link #connections} connections have ended. */
  private final Future<Void> allServed;

  private int ended;

  private EchoServer(int connections) {
    this.connections = connections;
    this.allServed = Asyncio.getRunningLoop().createFuture();
  }

  /**
   * Echoes every line from one client. Python's {@code handle_echo(reader, writer)}.
   *
   * @param reader the client's lines
   * @param writer where they go back
   * @return the coroutine
   */
  @Coroutine
  Coro<Void> handleEcho(StreamReader reader, StreamWriter writer) {
    String addr = address(writer.getExtraInfo("peername"));
    System.out.println("Connection from " + addr);
    try {
      for (var it = reader; await(it.hasNext()); ) { // async for line in reader:
        byte[] line = it.next();
        String text = new String(line, StandardCharsets.UTF_8).stripTrailing();
        System.out.println("Received \"" + text + "\" from " + addr);
        writer.write(line);
        await(writer.drain());
      }
      System.out.println("Close the connection to " + addr);
      writer.close();
      await(writer.waitClosed());
    } catch (Exception e) { // the connection failed: a reset, a broken pipe
      System.out.println("Lost the connection to " + addr + ": " + e);
      writer.close();
    } finally {
      connectionEnded();
    }
    return done();
  }

  /**
   * The same echo on the protocol layer. Python's:
   *
   * <pre>
   * class EchoServerProtocol(asyncio.Protocol):
   *     def connection_made(self, transport):
   *         self.transport = transport
   *     def data_received(self, data):
   *         self.transport.write(data)
   * </pre>
   *
   * <p>It also does what {@code drain} does for the streams version: when the transport's buffer
   * goes over its high-water mark (a client sending faster than it reads), {@code pauseWriting}
   * stops reading from the client until {@code resumeWriting}, so the buffer stays bounded.
   */
  final class EchoProtocol implements Protocol {
    private Transport transport;
    private String addr;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      this.addr = address(transport.getExtraInfo("peername"));
      System.out.println("Connection from " + addr);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data); // the buffer is lent for this call: write copies what it keeps
    }

    @Override
    public void pauseWriting() {
      transport.pauseReading(); // the client reads slower than it sends: stop taking more
    }

    @Override
    public void resumeWriting() {
      transport.resumeReading();
    }

    @Override
    public boolean eofReceived() {
      System.out.println("Close the connection to " + addr);
      return false; // the transport closes itself once what is buffered is sent
    }

    @Override
    public void connectionLost(Throwable exc) {
      if (exc != null) {
        System.out.println("Lost the connection to " + addr + ": " + exc);
      }
      connectionEnded();
    }
  }

  private void connectionEnded() {
    ended++;
    if (ended == connections) {
      allServed.setResult(null);
    }
  }

  /** {@code 127.0.0.1:53422} for a peer or socket address. */
  static String address(Object socketAddress) {
    InetSocketAddress a = (InetSocketAddress) socketAddress;
    return a.getHostString() + ":" + a.getPort();
  }

  /**
   * Serves on {@code host}:{@code port} with streams until {@code connections} connections have
   * ended, or for ever. Python's {@code main()}.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @return the coroutine
   */
  static Coro<Void> main(String host, int port, int connections) {
    return main(host, port, connections, false);
  }

  /**
   * Serves on {@code host}:{@code port} until {@code connections} connections have ended, or
   * for ever.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @param protocol whether to serve with {@link EchoProtocol} rather than streams
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(String host, int port, int connections, boolean protocol) {
    EchoServer echo = new EchoServer(connections);
    Server server = protocol
        ? await(Asyncio.getRunningLoop().createServer(() -> echo.new EchoProtocol(), host, port))
        : await(startServer(echo::handleEcho, host, port));
    System.out.println("Serving on " + address(server.sockets().get(0).getsockname()));
    try {
      if (connections == 0) {
        await(server.serveForever());
      } else {
        await(echo.allServed);
      }
    } finally {
      server.close();
      await(server.waitClosed());
    }
    return done();
  }

  /**
   * Runs the server.
   *
   * @param args {@code [--protocol] [PORT [CONNECTIONS]]}
   */
  public static void main(String[] args) {
    boolean protocol = args.length > 0 && args[0].equals("--protocol");
    if (protocol) {
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Asyncio.run(main("127.0.0.1", port, connections, protocol));
  }
}
