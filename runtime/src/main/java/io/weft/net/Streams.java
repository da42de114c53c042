package io.weft.net;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.Objects;

/**
 * A connection's reader and writer, as {@link Asyncio#openConnection} returns them: Python's
 * {@code (reader, writer)} tuple. Its static methods are Python's {@code asyncio.streams}
 * functions, which {@link Asyncio} re-exports as Python's {@code asyncio} does.
 *
 * <pre>{@code
 * Streams s = await(openConnection("127.0.0.1", 8888));  // reader, writer = await ...
 * s.writer().write(data);
 * byte[] reply = await(s.reader().readline());
 * }</pre>
 *
 * @param reader the reader. Not null.
 * @param writer the writer. Not null.
 */
public record Streams(StreamReader reader, StreamWriter writer) {

  /**
   * Checks the pair.
   *
   * @param reader the reader
   * @param writer the writer
   * @throws NullPointerException when either is null
   */
  public Streams {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
  }

  /**
   * {@link Asyncio#openConnection(String, int, int)}: see there.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param limit the reader's limit
   * @return the coroutine
   */
  public static Coro<Streams> openConnection(String host, int port, int limit) {
    return openConnection(host, port, limit, ConnectionOptions.defaults());
  }

  /**
   * {@link Asyncio#openConnection(String, int, int, ConnectionOptions)}: see there.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param limit the reader's limit
   * @param options TLS and its timeouts. Not null.
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Streams> openConnection(String host, int port, int limit,
      ConnectionOptions options) {
    Objects.requireNonNull(host, "openConnection() host: give a host name or address");
    Objects.requireNonNull(options, "options");
    return (Coro<Streams>) (Coro<?>) new OpenConnection(host, port, limit, options);
  }

  /**
   * {@link Asyncio#startServer(ClientConnected, String, int, int, ServerOptions)}: see there.
   *
   * @param clientConnected called for each connection. Not null.
   * @param host the host to bind to, or null for every interface
   * @param port the port, 0 for one the system chooses
   * @param limit each reader's limit
   * @param options the server's options. Not null.
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Server> startServer(ClientConnected clientConnected, String host, int port,
      int limit, ServerOptions options) {
    Objects.requireNonNull(clientConnected, "clientConnected");
    Objects.requireNonNull(options, "options");
    return (Coro<Server>) (Coro<?>) new StartServer(clientConnected, host, port, limit, options);
  }

  /**
   * Python's {@code open_connection}.
   *
   * <pre>
   *  label 0  reader, protocol; await loop.createConnection(() -&gt; protocol, host, port)
   *  label 1  return (reader, new writer)
   * </pre>
   */
  private static final class OpenConnection extends CoroFrame {
    private final String host;
    private final int port;
    private final int limit;
    private final ConnectionOptions options;
    private StreamReader reader;
    private StreamReaderProtocol protocol;
    private EventLoop loop;

    OpenConnection(String host, int port, int limit, ConnectionOptions options) {
      this.host = host;
      this.port = port;
      this.limit = limit;
      this.options = options;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          loop = Asyncio.getRunningLoop();
          reader = new StreamReader(limit);
          StreamReaderProtocol p = new StreamReaderProtocol(reader);
          protocol = p;
          value = loop.createConnection(() -> p, host, port, options);
          label = 1;
          return Frame.AWAIT;
        case 1:
          TransportProtocol<?> tp = (TransportProtocol<?>) resumeValue();
          return new Streams(reader, new StreamWriter(tp.transport(), protocol, reader, loop));
        default:
          throw new IllegalStateException("openConnection() resumed at unknown label " + label);
      }
    }
  }

  /** Python's {@code start_server}: a factory of reader protocols, given to createServer. */
  private static final class StartServer extends CoroFrame {
    private final ClientConnected clientConnected;
    private final String host;
    private final int port;
    private final int limit;
    private final ServerOptions options;

    StartServer(ClientConnected clientConnected, String host, int port, int limit,
        ServerOptions options) {
      this.clientConnected = clientConnected;
      this.host = host;
      this.port = port;
      this.limit = limit;
      this.options = options;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          EventLoop loop = Asyncio.getRunningLoop();
          if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
          }
          ClientConnected cb = clientConnected;
          int l = limit;
          value = loop.createServer(() -> new StreamReaderProtocol(new StreamReader(l), cb),
              host, port, options);
          label = 1;
          return Frame.AWAIT;
        case 1:
          return resumeValue();
        default:
          throw new IllegalStateException("startServer() resumed at unknown label " + label);
      }
    }
  }
}
