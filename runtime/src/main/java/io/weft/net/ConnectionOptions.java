package io.weft.net;

import javax.net.ssl.SSLContext;

/**
 * The keyword arguments of {@link io.weft.EventLoop#createConnection} and {@link
 * io.weft.Asyncio#openConnection} beyond host and port: Python's {@code ssl=None,
 * server_hostname=None, ssl_handshake_timeout=None, ssl_shutdown_timeout=None}. Immutable; each
 * {@code with} method returns a copy.
 *
 * <pre>{@code
 * // reader, writer = await asyncio.open_connection(host, 443, ssl=ctx, server_hostname="example.org")
 * Streams s = await(openConnection(host, 443,
 *     ConnectionOptions.defaults().withSsl(ctx).withServerHostname("example.org")));
 * }</pre>
 *
 * <p>The combinations are checked when the connection is opened, as Python checks them: a
 * {@code serverHostname} or a timeout other than the default without {@code ssl} raises {@link
 * IllegalArgumentException} ("... is only meaningful with ssl").
 *
 * @param ssl the TLS context: the connection runs TLS over TCP when it is given (Python's {@code
 *     ssl=context}), plain TCP when null
 * @param serverHostname the name the server's certificate must carry, also sent as SNI. Null
 *     (Python's None): the host given to connect to. Empty: no SNI and no hostname check (Python's
 *     {@code server_hostname=''}); the certificate chain is still verified by the context's trust
 *     managers.
 * @param sslHandshakeTimeout seconds the TLS handshake may take before the connection is
 *     aborted (Python's default: 60.0); positive, {@link Double#POSITIVE_INFINITY} for none
 * @param sslShutdownTimeout seconds the TLS shutdown of {@code close()} may take before the
 *     connection is aborted (Python's default: 30.0); positive, {@link Double#POSITIVE_INFINITY}
 *     for none
 */
public record ConnectionOptions(SSLContext ssl, String serverHostname, double sslHandshakeTimeout,
    double sslShutdownTimeout) {

  /** Python's {@code constants.SSL_HANDSHAKE_TIMEOUT}: 60 seconds. */
  public static final double SSL_HANDSHAKE_TIMEOUT = 60.0;

  /** Python's {@code constants.SSL_SHUTDOWN_TIMEOUT}: 30 seconds. */
  public static final double SSL_SHUTDOWN_TIMEOUT = 30.0;

  private static final ConnectionOptions DEFAULTS =
      new ConnectionOptions(null, null, SSL_HANDSHAKE_TIMEOUT, SSL_SHUTDOWN_TIMEOUT);

  /**
   * Checks the timeouts.
   *
   * @param ssl the TLS context, or null for plain TCP
   * @param serverHostname the name to verify and send as SNI, or null, or empty
   * @param sslHandshakeTimeout the handshake timeout in seconds; positive
   * @param sslShutdownTimeout the shutdown timeout in seconds; positive
   * @throws IllegalArgumentException when a timeout is not a positive number
   */
  public ConnectionOptions {
    checkTimeout("sslHandshakeTimeout", sslHandshakeTimeout);
    checkTimeout("sslShutdownTimeout", sslShutdownTimeout);
  }

  /**
   * Returns Python's defaults: plain TCP, handshake timeout 60 s, shutdown timeout 30 s.
   *
   * @return the defaults
   */
  public static ConnectionOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy that connects with TLS. Python's {@code ssl=context}.
   *
   * @param ssl the context; null for plain TCP
   * @return the copy
   */
  public ConnectionOptions withSsl(SSLContext ssl) {
    return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another server hostname. Python's {@code server_hostname=name}.
   *
   * @param serverHostname the name; null for the host connected to, empty for no check
   * @return the copy
   */
  public ConnectionOptions withServerHostname(String serverHostname) {
    return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another handshake timeout. Python's {@code ssl_handshake_timeout=t}.
   *
   * @param sslHandshakeTimeout seconds; positive
   * @return the copy
   * @throws IllegalArgumentException when not positive
   */
  public ConnectionOptions withSslHandshakeTimeout(double sslHandshakeTimeout) {
    return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a copy with another shutdown timeout. Python's {@code ssl_shutdown_timeout=t}.
   *
   * @param sslShutdownTimeout seconds; positive
   * @return the copy
   * @throws IllegalArgumentException when not positive
   */
  public ConnectionOptions withSslShutdownTimeout(double sslShutdownTimeout) {
    return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /** Python's "should be a positive number" checks of SSLProtocol's constructor. */
  static void checkTimeout(String name, double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException(name + " should be a positive number, got " + seconds);
    }
  }

  /** Python's "only meaningful with ssl" checks of create_connection / create_server. */
  static void checkOnlyWithSsl(SSLContext ssl, double handshakeTimeout, double shutdownTimeout) {
    if (ssl != null) {
      return;
    }
    if (handshakeTimeout != SSL_HANDSHAKE_TIMEOUT) {
      throw new IllegalArgumentException(
          "sslHandshakeTimeout is only meaningful with ssl: give an SSLContext too (withSsl)");
    }
    if (shutdownTimeout != SSL_SHUTDOWN_TIMEOUT) {
      throw new IllegalArgumentException(
          "sslShutdownTimeout is only meaningful with ssl: give an SSLContext too (withSsl)");
    }
  }
}
