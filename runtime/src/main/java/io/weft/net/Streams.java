package io.weft.net;

import io.weft.Asyncio;
import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.Objects;
import java.util.function.Supplier;

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
    return open("openConnection()", limit,
        (loop, protocol) -> loop.createConnection(protocol, host, port, options));
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
  public static Coro<Server> startServer(ClientConnected clientConnected, String host, int port,
      int limit, ServerOptions options) {
    Objects.requireNonNull(options, "options");
    return serve("startServer()", clientConnected, limit,
        (loop, factory) -> loop.createServer(factory, host, port, options));
  }

  /**
   * How a stream connection is made: the loop's createConnection, createUnixConnection, ...
   * given the one protocol to connect.
   */
  interface Connector {
    /**
     * Starts the connection.
     *
     * @param loop the running loop
     * @param protocol gives the one protocol to connect
     * @return what the loop's method returned
     */
    Awaitable<? extends TransportProtocol<?>> connect(
        EventLoop loop, Supplier<StreamReaderProtocol> protocol);
  }

  /** How a stream server is made: the loop's createServer, createUnixServer, ... */
  interface Binder {
    /**
     * Starts the server.
     *
     * @param loop the running loop
     * @param factory makes a protocol per connection
     * @return what the loop's method returned
     */
    Awaitable<Server> bind(EventLoop loop, Supplier<? extends Protocol> factory);
  }

  /**
   * Python's {@code open_connection} and {@code open_unix_connection}: a reader and its
   * protocol, connected by {@code connector}, then a writer.
   */
  @SuppressWarnings("unchecked")
  static Coro<Streams> open(String what, int limit, Connector connector) {
    return (Coro<Streams>) (Coro<?>) new OpenConnection(what, limit, connector);
  }

  /**
   * Python's {@code start_server} and {@code start_unix_server}: a factory of reader protocols
   * calling {@code clientConnected}, given to {@code binder}.
   */
  @SuppressWarnings("unchecked")
  static Coro<Server> serve(String what, ClientConnected clientConnected, int limit,
      Binder binder) {
    Objects.requireNonNull(clientConnected, "clientConnected");
    return (Coro<Server>) (Coro<?>) new StartServer(what, clientConnected, limit, binder);
  }

  /**
   * Python's {@code open_connection}.
   *
   * <pre>
   *  label 0  reader, protocol; await connector (loop.createConnection(() -&gt; protocol, ...))
   *  label 1  return (reader, new writer)
   * </pre>
   */
  private static final class OpenConnection extends CoroFrame {
    private final String what;
    private final int limit;
    private final Connector connector;
    private StreamReader reader;
    private StreamReaderProtocol protocol;
    private EventLoop loop;

    OpenConnection(String what, int limit, Connector connector) {
      this.what = what;
      this.limit = limit;
      this.connector = connector;
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
          value = connector.connect(loop, () -> p);
          label = 1;
          return Frame.AWAIT;
        case 1:
          TransportProtocol<?> tp = (TransportProtocol<?>) resumeValue();
          return new Streams(reader, new StreamWriter(tp.transport(), protocol, reader, loop));
        default:
          throw new IllegalStateException(what + " resumed at unknown label " + label);
      }
    }
  }

  /** Python's {@code start_server}: a factory of reader protocols, given to the binder. */
  private static final class StartServer extends CoroFrame {
    private final String what;
    private final ClientConnected clientConnected;
    private final int limit;
    private final Binder binder;

    StartServer(String what, ClientConnected clientConnected, int limit, Binder binder) {
      this.what = what;
      this.clientConnected = clientConnected;
      this.limit = limit;
      this.binder = binder;
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
          value = binder.bind(loop, () -> new StreamReaderProtocol(new StreamReader(l), cb));
          label = 1;
          return Frame.AWAIT;
        case 1:
          return resumeValue();
        default:
          throw new IllegalStateException(what + " resumed at unknown label " + label);
      }
    }
  }
}
