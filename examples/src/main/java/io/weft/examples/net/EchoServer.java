package io.weft.examples.net;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.startServer;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Future;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import java.net.InetSocketAddress;
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
 * <p>Arguments: {@code echo-server [PORT [CONNECTIONS]]}: port 8888 by default, 0 for one the
 * system chooses; with CONNECTIONS, the server closes after that many connections have ended,
 * otherwise it serves until Ctrl-C.
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
   * Serves on {@code host}:{@code port} until {@code connections} connections have ended, or
   * for ever. Python's {@code main()}.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(String host, int port, int connections) {
    EchoServer echo = new EchoServer(connections);
    Server server = await(startServer(echo::handleEcho, host, port));
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
   * @param args {@code [PORT [CONNECTIONS]]}
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Asyncio.run(main("127.0.0.1", port, connections));
  }
}
