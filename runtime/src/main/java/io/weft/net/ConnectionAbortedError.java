package io.weft.net;

import java.net.SocketException;

/**
 * The connection was aborted on this side. Python's built-in {@code ConnectionAbortedError} (a
 * {@code ConnectionError}, here a {@link SocketException}).
 *
 * <p>Raised when a TLS handshake takes longer than its {@code sslHandshakeTimeout}: "SSL
 * handshake is taking longer than 60.0 seconds: aborting the connection", as Python raises it.
 */
public class ConnectionAbortedError extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message why the connection was aborted. May be null.
   */
  public ConnectionAbortedError(String message) {
    super(message);
  }
}
