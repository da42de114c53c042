package io.weft.net;

import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The coroutines behind {@link EventLoop#createConnection} and {@link EventLoop#createServer}:
 * Python's {@code base_events.create_connection} / {@code create_server} with the socket work of
 * {@code selector_events.BaseSelectorEventLoop}. Call them through the loop; they are public only
 * because the loop lives in another package.
 */
public final class SelectorEvents {
  private SelectorEvents() {}

  /** IPv4 dotted quads, and IPv6 literals: no name lookup needed (Python's _ipaddr_info). */
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /**
   * Returns the coroutine of {@link EventLoop#createConnection}; see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes the connection's protocol. Not null.
   * @param host the host name or address. Not null.
   * @param port the port, 0 to 65535
   * @param <P> the protocol's type
   * @return the coroutine
   */
  public static <P extends Protocol> Coro<TransportProtocol<P>> createConnection(
      EventLoop loop, Supplier<? extends P> factory, String host, int port) {
    return createConnection(loop, factory, host, port, ConnectionOptions.defaults());
  }

  /**
   * Returns the coroutine of {@link EventLoop#createConnection(Supplier, String, int,
   * ConnectionOptions)}; see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes the connection's protocol. Not null.
   * @param host the host name or address. Not null.
   * @param port the port, 0 to 65535
   * @param options TLS and its timeouts. Not null.
   * @param <P> the protocol's type
   * @return the coroutine
   * @throws IllegalArgumentException a bad port; {@code serverHostname} or a TLS timeout given
   *     without {@code ssl}
   */
  @SuppressWarnings("unchecked")
  public static <P extends Protocol> Coro<TransportProtocol<P>> createConnection(
      EventLoop loop, Supplier<? extends P> factory, String host, int port,
      ConnectionOptions options) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(host, "createConnection() host: give a host name or address");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    if (options.serverHostname() != null && options.ssl() == null) {
      throw new IllegalArgumentException(
          "serverHostname is only meaningful with ssl: give an SSLContext too (withSsl)");
    }
    ConnectionOptions.checkOnlyWithSsl(options.ssl(), options.sslHandshakeTimeout(),
        options.sslShutdownTimeout());
    return (Coro<TransportProtocol<P>>) (Coro<?>) new CreateConnection<P>(loop, factory, host,
        port, options);
  }

  /**
   * Returns the coroutine of {@link EventLoop#startTls(Transport, Protocol, SSLContext, boolean,
   * String, double, double)}; see there.
   *
   * @param loop the loop. Not null.
   * @param transport the open connection's transport. Not null.
   * @param protocol the protocol that is to receive the decrypted data. Not null.
   * @param sslContext the TLS context. Not null.
   * @param serverSide whether this end is the TLS server
   * @param serverHostname the name to verify and send as SNI (client), or null/empty for none
   * @param sslHandshakeTimeout seconds; positive
   * @param sslShutdownTimeout seconds; positive
   * @return the coroutine; it evaluates to the TLS transport
   */
  @SuppressWarnings("unchecked")
  public static Coro<Transport> startTls(EventLoop loop, Transport transport, Protocol protocol,
      SSLContext sslContext, boolean serverSide, String serverHostname,
      double sslHandshakeTimeout, double sslShutdownTimeout) {
    return (Coro<Transport>) (Coro<?>) new StartTls(loop, transport, protocol, sslContext,
        serverSide, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns the coroutine of {@link EventLoop#createServer}; see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes each connection's protocol. Not null.
   * @param host the host name or address to bind to, or null for every interface
   * @param port the port, 0 for one the system chooses
   * @param options the options. Not null.
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Server> createServer(EventLoop loop, Supplier<? extends Protocol> factory,
      String host, int port, ServerOptions options) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    ConnectionOptions.checkOnlyWithSsl(options.ssl(), options.sslHandshakeTimeout(),
        options.sslShutdownTimeout());
    Supplier<? extends Protocol> f = options.ssl() == null ? factory
        : sslFactory(loop, factory, options);
    return (Coro<Server>) (Coro<?>) new CreateServer(loop, f, host, port, options);
  }

  /**
   * Wraps each accepted connection's protocol in a server-side TLS protocol (Python's {@code
   * _accept_connection2} with {@code sslcontext}). A failed handshake is only reported in debug
   * mode, as Python does: it is the client's doing (a wrong certificate, a port scan).
   */
  private static Supplier<Protocol> sslFactory(EventLoop loop,
      Supplier<? extends Protocol> factory, ServerOptions options) {
    SSLContext ssl = options.ssl();
    double handshake = options.sslHandshakeTimeout();
    double shutdown = options.sslShutdownTimeout();
    return () -> {
      Protocol app = factory.get();
      if (app == null) {
        throw new NullPointerException("the protocol factory " + factory + " returned null");
      }
      Future<Void> waiter = loop.createFuture();
      waiter.addDoneCallback(w -> {
        if (w.cancelled()) {
          return;
        }
        Throwable exc = w.exception(); // retrieved: a failed handshake is not a lost error
        if (exc != null && loop.getDebug()) {
          NetErrors.report(loop, "Error on transport creation for incoming connection", exc);
        }
      });
      return new SslProtocol(loop, app, ssl, waiter, true, null, -1, handshake, shutdown, true);
    };
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
  }

  /**
   * The addresses of {@code host} when it is an address literal, so that no lookup (and no
   * executor thread) is needed; null when it is a name.
   */
  static InetAddress[] literal(String host) {
    if (IPV4_LITERAL.matcher(host).matches() || host.indexOf(':') >= 0) {
      try {
        return new InetAddress[] {InetAddress.getByName(host)}; // a literal: parsed, not looked up
      } catch (UnknownHostException e) { // "999.0.0.1", "1::2::3"
        throw NetErrors.translate(e);
      }
    }
    return null;
  }

  /**
   * Looks {@code host} up on the loop's default executor, as Python's {@code getaddrinfo} does:
   * a name lookup blocks.
   */
  static Future<InetAddress[]> resolve(EventLoop loop, String host) {
    return loop.runInExecutor(null, () -> lookup(host));
  }

  /** Looks {@code host} up, blocking: raises {@link GaiError} when it does not resolve. */
  static InetAddress[] lookup(String host) {
    try {
      return InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw NetErrors.translate(e);
    }
  }

  /** {@code 127.0.0.1:80}, {@code [::1]:80}: an address as error messages show it. */
  static String describe(InetSocketAddress a) {
    if (a.isUnresolved()) {
      return a.getHostString() + ":" + a.getPort();
    }
    String h = a.getAddress().getHostAddress();
    return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
  }

  private static ProtocolFamily family(InetAddress a) {
    return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was sent on it
      }
    }
  }

  /**
   * Python's "Multiple exceptions" rule of {@code create_connection}: one error is raised as it
   * is; several with the same message, the first; otherwise one naming them all. The others are
   * attached as suppressed.
   */
  private static OSError combine(List<OSError> errors) {
    OSError first = errors.get(0);
    boolean same = true;
    StringBuilder all = new StringBuilder("Multiple exceptions: ");
    for (int i = 0; i < errors.size(); i++) {
      OSError e = errors.get(i);
      same &= Objects.equals(e.getMessage(), first.getMessage());
      all.append(i == 0 ? "" : ", ").append(e.getMessage());
    }
    OSError result = same ? first : new OSError(all.toString(), first.getCause());
    for (OSError e : errors) {
      if (e != result) {
        result.addSuppressed(e);
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ createConnection

  /**
   * The coroutine of createConnection.
   *
   * <pre>
   *  label 0  a literal host? take it; else await resolve(host) on the executor
   *  label 1  for each address: open a non-blocking channel and connect;
   *           connected at once? go to label 3; else await the channel's writability
   *  label 2  finishConnect: refused → remember, next address (all failed: raise)
   *  label 3  protocol = factory(); transport; await its connectionMade (with TLS: the
   *           handshake, then connectionMade)
   *  label 4  return (transport, protocol)
   * </pre>
   *
   * Cancellation at any label releases what it holds: the channel being connected is closed,
   * a transport already made is closed.
   */
  private static final class CreateConnection<P extends Protocol> extends CoroFrame {
    private final EventLoop loop;
    private final Supplier<? extends P> factory;
    private final String host;
    private final int port;
    private InetAddress[] addresses;
    private int next;
    private final ConnectionOptions options;
    private final List<OSError> errors = new ArrayList<>(1);
    private SocketChannel channel;
    private InetSocketAddress connecting;
    private Transport transport;
    private P protocol;

    CreateConnection(EventLoop loop, Supplier<? extends P> factory, String host, int port,
        ConnectionOptions options) {
      this.loop = loop;
      this.factory = factory;
      this.host = host;
      this.port = port;
      this.options = options;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          addresses = literal(host);
          if (addresses == null) {
            value = resolve(loop, host);
            label = 1;
            return Frame.AWAIT;
          }
          return connectNext();
        case 1:
          addresses = (InetAddress[]) resumeValue();
          if (addresses.length == 0) {
            throw new OSError("getaddrinfo() returned empty list for " + host);
          }
          return connectNext();
        case 2:
          loop.removeWriter(channel);
          try {
            resumeValue();
            if (!channel.finishConnect()) {
              // a stale readiness report (the selector keeps ready sets until they are
              // handled): not connected yet, so wait again
              return awaitConnectable(channel);
            }
          } catch (IOException e) {
            closeQuietly(channel);
            channel = null;
            errors.add(NetErrors.translate("Connect call failed " + describe(connecting), e));
            return connectNext();
          } catch (Throwable t) { // cancelled
            closeQuietly(channel);
            channel = null;
            throw t;
          }
          return makeTransport();
        case 3:
          try {
            resumeValue();
          } catch (Throwable t) {
            transport.close();
            throw t;
          }
          return new TransportProtocol<P>(transport, protocol);
        default:
          throw new IllegalStateException("createConnection() resumed at unknown label " + label);
      }
    }

    /** Tries the next address; raises when none is left. */
    private Object connectNext() {
      while (next < addresses.length) {
        InetSocketAddress address = new InetSocketAddress(addresses[next++], port);
        connecting = address;
        SocketChannel c = null;
        try {
          c = SocketChannel.open(family(address.getAddress()));
          c.configureBlocking(false);
          if (c.connect(address)) {
            channel = c;
            return makeTransport();
          }
        } catch (IOException e) {
          closeQuietly(c);
          errors.add(NetErrors.translate("Connect call failed " + describe(address), e));
          continue;
        }
        channel = c;
        return awaitConnectable(c);
      }
      throw combine(errors);
    }

    /** Waits for the selector to report {@code c} connectable (or failed): label 2. */
    private Object awaitConnectable(SocketChannel c) {
      Future<Void> f = loop.createFuture();
      loop.addWriter(c, () -> {
        if (!f.done()) {
          f.setResult(null);
        }
      });
      value = f;
      label = 2;
      return Frame.AWAIT;
    }

    /**
     * Python's {@code _create_connection_transport}: with TLS, the socket's protocol is the TLS
     * protocol and the waiter completes after the handshake.
     */
    private Object makeTransport() {
      SocketChannel c = channel;
      Future<Void> waiter = loop.createFuture();
      SslProtocol ssl = null;
      try {
        protocol = factory.get();
        if (protocol == null) {
          throw new NullPointerException("the protocol factory " + factory + " returned null");
        }
        if (options.ssl() != null) {
          // Python: server_hostname defaults to the host connected to
          String name = options.serverHostname() != null ? options.serverHostname() : host;
          ssl = new SslProtocol(loop, protocol, options.ssl(), waiter, false, name, port,
              options.sslHandshakeTimeout(), options.sslShutdownTimeout(), true);
        }
      } catch (Throwable t) {
        closeQuietly(c);
        throw t;
      }
      if (ssl == null) {
        transport = new SelectorSocketTransport(loop, c, protocol, waiter, null);
      } else {
        new SelectorSocketTransport(loop, c, ssl, null, null);
        transport = ssl.appTransport();
      }
      value = waiter;
      label = 3;
      return Frame.AWAIT;
    }
  }

  // ------------------------------------------------------------------ createServer

  /**
   * The coroutine of createServer.
   *
   * <pre>
   *  label 0  null host: the wildcard; a literal: take it; else await resolve(host)
   *  label 1  bind one socket per address (any failure closes them all and raises);
   *           start serving unless told not to, and yield once (Python's sleep(0))
   *  label 2  return the server
   * </pre>
   */
  private static final class CreateServer extends CoroFrame {
    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final String host;
    private final int port;
    private final ServerOptions options;
    private Server server;

    CreateServer(EventLoop loop, Supplier<? extends Protocol> factory, String host, int port,
        ServerOptions options) {
      this.loop = loop;
      this.factory = factory;
      this.host = host;
      this.port = port;
      this.options = options;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (host == null) {
            return bind(null);
          }
          InetAddress[] literal = literal(host);
          if (literal != null) {
            return bind(literal);
          }
          value = resolve(loop, host);
          label = 1;
          return Frame.AWAIT;
        case 1:
          return bind((InetAddress[]) resumeValue());
        case 2:
          resumeValue();
          return server;
        default:
          throw new IllegalStateException("createServer() resumed at unknown label " + label);
      }
    }

    /** Binds one socket per address (null: one on the wildcard address of every interface). */
    private Object bind(InetAddress[] addresses) {
      List<ServerSocketChannel> sockets = new ArrayList<>();
      InetSocketAddress address = null;
      try {
        if (addresses == null) {
          address = new InetSocketAddress(port);
          sockets.add(open(null, address));
        } else {
          for (InetAddress a : addresses) {
            address = new InetSocketAddress(a, port);
            sockets.add(open(family(a), address));
          }
        }
      } catch (IOException e) {
        for (ServerSocketChannel s : sockets) {
          closeQuietly(s);
        }
        if (e instanceof BindException) {
          // Python: "error while attempting to bind on address ('127.0.0.1', 80): ..."
          throw NetErrors.translate("error while attempting to bind on address "
              + describe(address), e);
        }
        throw NetErrors.translate(e);
      } catch (RuntimeException e) {
        for (ServerSocketChannel s : sockets) {
          closeQuietly(s);
        }
        throw e;
      }
      server = new Server(loop, sockets, factory, options.backlog());
      if (!options.startServing()) {
        return server;
      }
      server.startServingNow();
      value = io.weft.Asyncio.sleep(0); // let the accept callbacks go through, as Python
      label = 2;
      return Frame.AWAIT;
    }

    /** Opens, configures and binds one listening socket. */
    private ServerSocketChannel open(ProtocolFamily family, InetSocketAddress address)
        throws IOException {
      ServerSocketChannel s = family == null ? ServerSocketChannel.open()
          : ServerSocketChannel.open(family);
      try {
        s.configureBlocking(false);
        s.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
        if (options.reusePort()) {
          if (!s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            throw new IllegalArgumentException(
                "reusePort not supported by this platform's sockets: leave it false");
          }
          s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        // Java binds and listens in one call; Python listens in start_serving. Before serving,
        // connections wait in the backlog instead of being refused.
        s.bind(address, options.backlog());
        return s;
      } catch (IOException | RuntimeException e) {
        closeQuietly(s);
        throw e;
      }
    }
  }
}
