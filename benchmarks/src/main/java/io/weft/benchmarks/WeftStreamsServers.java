package io.weft.benchmarks;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;

import io.weft.ConnectionError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.IncompleteReadError;
import io.weft.LimitOverrunError;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;

/**
 * H1 and E1 with Weft's streams API ({@code startServer}): one task per connection, a woven
 * coroutine that reads and writes as a Python program would.
 *
 * <ul>
 *   <li>{@code http}: {@code readuntil("\r\n\r\n")}, parse the head, read a body if there is
 *       one, {@code write} the response, {@code drain}; until the client closes;
 *   <li>{@code echo}: {@code read(65536)}, {@code write} it, {@code drain}; until EOF.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.WeftStreamsServers http 8080
 * </pre>
 */
public final class WeftStreamsServers {
  private WeftStreamsServers() {}

  /**
   * Serves until killed.
   *
   * @param args {@code http} or {@code echo}, and the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    NetServer.main("weft-streams", args, WeftStreamsServers::start);
  }

  static NetServer start(NetServer.Kind kind, int port) throws Exception {
    ServerOptions options = ServerOptions.defaults().withBacklog(NetServer.BACKLOG);
    return NetServer.onWeftLoop("weft-streams-" + kind, loop -> kind == NetServer.Kind.HTTP
        // the reader's limit bounds a head as the other servers do (8 KiB)
        ? Streams.startServer(WeftStreamsServers::http, NetServer.HOST, port, HttpHello.MAX_HEAD,
            options)
        : Streams.startServer(WeftStreamsServers::echo, NetServer.HOST, port,
            NetServer.ECHO_READ, options));
  }

  /** H1: one connection, one request at a time. */
  @Coroutine
  static Coro<Void> http(StreamReader reader, StreamWriter writer) {
    HttpHello.Parser parser = new HttpHello.Parser();
    try {
      while (true) {
        byte[] head;
        try {
          head = await(reader.readuntil(HttpHello.HEAD_END));
        } catch (IncompleteReadError e) {
          break; // the client closed the connection
        } catch (LimitOverrunError e) {
          writer.write(HttpHello.BAD_REQUEST);
          break;
        }
        if (!parser.parseHead(head) || parser.contentLength() > Integer.MAX_VALUE) {
          writer.write(HttpHello.BAD_REQUEST);
          break;
        }
        if (parser.contentLength() > 0) {
          await(reader.readexactly((int) parser.contentLength())); // the body: dropped
        }
        writer.write(HttpHello.RESPONSE);
        await(writer.drain());
        if (parser.close()) {
          break;
        }
      }
    } catch (ConnectionError | IncompleteReadError e) {
      // reset by the client, or a body cut short: nothing left to answer
    }
    writer.close();
    return done();
  }

  /** E1: what arrives goes back. */
  @Coroutine
  static Coro<Void> echo(StreamReader reader, StreamWriter writer) {
    try {
      while (true) {
        byte[] data = await(reader.read(NetServer.ECHO_READ));
        if (data.length == 0) {
          break; // EOF
        }
        writer.write(data);
        await(writer.drain());
      }
    } catch (ConnectionError e) {
      // reset by the client
    }
    writer.close();
    return done();
  }
}
