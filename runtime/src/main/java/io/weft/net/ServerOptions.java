package io.weft.net;

import javax.net.ssl.SSLContext;

/**
 * The keyword arguments of {@link io.weft.EventLoop#createServer} and {@link
 * io.weft.Asyncio#startServer}: Python's {@code backlog=100, reuse_address=None,
 * reuse_port=None, start_serving=True, ssl=None, ssl_handshake_timeout=None,
 * ssl_shutdown_timeout=None}. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * ServerOptions.defaults().withBacklog(1000).withReusePort(true)
 * ServerOptions.defaults().withSsl(serverContext)   // start_server(cb, host, port, ssl=ctx)
 * }</pre>
 *
 * @param backlog the length of the queue of connections not yet accepted; at least 1. Each
 *     readiness event also accepts at most this many connections, as Python.
 * @param reuseAddress whether to bind with {@code SO_REUSEADDR}, so that a restarted server can
 *     bind while old connections are in TIME_WAIT. Python's default on Unix: true.
 * @param reusePort whether to bind with {@code SO_REUSEPORT}, so that several sockets (in several
 *     loops or processes) share the port
 * @param startServing whether to accept connections at once; otherwise only after {@link
 *     Server#startServing()} or {@link Server#serveForever()}
 * @param ssl the TLS context of every connection accepted (it needs a key and certificate; see
 *     docs/tls.md), or null for plain TCP. Python's {@code ssl=context}.
 * @param sslHandshakeTimeout seconds each accepted connection's TLS handshake may take before it
 *     is aborted; positive (Python's default: 60.0). Meaningful only with {@code ssl}.
 * @param sslShutdownTimeout seconds each connection's TLS shutdown may take; positive (Python's
 *     default: 30.0). Meaningful only with {@code ssl}.
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort,
    boolean startServing, SSLContext ssl, double sslHandshakeTimeout,
    double sslShutdownTimeout) {

  private static final ServerOptions DEFAULTS = new ServerOptions(100, true, false, true);

  /**
   * Checks the options.
   *
   * @param backlog the backlog; at least 1
   * @param reuseAddress whether to set {@code SO_REUSEADDR}
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @param startServing whether to accept at once
   * @param ssl the TLS context, or null for plain TCP
   * @param sslHandshakeTimeout the handshake timeout in seconds; positive
   * @param sslShutdownTimeout the shutdown timeout in seconds; positive
   * @throws IllegalArgumentException when {@code backlog} is less than 1, or a timeout is not a
   *     positive number
   */
  public ServerOptions {
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
    }
    ConnectionOptions.checkTimeout("sslHandshakeTimeout", sslHandshakeTimeout);
    ConnectionOptions.checkTimeout("sslShutdownTimeout", sslShutdownTimeout);
  }

  /**
   * Creates plain-TCP options (no TLS, the default TLS timeouts).
   *
   * @param backlog the backlog; at least 1
   * @param reuseAddress whether to set {@code SO_REUSEADDR}
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @param startServing whether to accept at once
   * @throws IllegalArgumentException when {@code backlog} is less than 1
   */
  public ServerOptions(int backlog, boolean reuseAddress, boolean reusePort,
      boolean startServing) {
    this(backlog, reuseAddress, reusePort, startServing, null,
        ConnectionOptions.SSL_HANDSHAKE_TIMEOUT, ConnectionOptions.SSL_SHUTDOWN_TIMEOUT);
  }

  /**
   * Returns Python's defaults: backlog 100, reuseAddress true, reusePort false, startServing
   * true, no TLS (handshake timeout 60 s, shutdown timeout 30 s).
   *
   * @return the defaults
   */
  public static ServerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another backlog.
   *
   * @param backlog the backlog; at least 1
   * @return the copy
   */
  public ServerOptions withBacklog(int backlog) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another {@code reuseAddress}.
   *
   * @param reuseAddress whether to set {@code SO_REUSEADDR}
   * @return the copy
   */
  public ServerOptions withReuseAddress(boolean reuseAddress) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another {@code reusePort}.
   *
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @return the copy
   */
  public ServerOptions withReusePort(boolean reusePort) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another {@code startServing}.
   *
   * @param startServing whether to accept at once
   * @return the copy
   */
  public ServerOptions withStartServing(boolean startServing) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy whose connections run TLS. Python's {@code ssl=context}.
   *
   * @param ssl the server's context, with its key and certificate; null for plain TCP
   * @return the copy
   */
  public ServerOptions withSsl(SSLContext ssl) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another TLS handshake timeout. Python's {@code ssl_handshake_timeout=t}.
   *
   * @param sslHandshakeTimeout seconds; positive
   * @return the copy
   * @throws IllegalArgumentException when not positive
   */
  public ServerOptions withSslHandshakeTimeout(double sslHandshakeTimeout) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another TLS shutdown timeout. Python's {@code ssl_shutdown_timeout=t}.
   *
   * @param sslShutdownTimeout seconds; positive
   * @return the copy
   * @throws IllegalArgumentException when not positive
   */
  public ServerOptions withSslShutdownTimeout(double sslShutdownTimeout) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing, ssl,
        sslHandshakeTimeout, sslShutdownTimeout);
  }
}
