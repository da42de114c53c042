package io.weft.net;

import java.net.SocketException;

/**
 * The peer reset the connection, or the connection was lost before a write could be drained.
 * Python's built-in {@code ConnectionResetError} (a {@code ConnectionError}, here a {@link
 * SocketException}).
 *
 * <p>Raised by reads and writes when the socket reports a reset (the JDK's own exception is the
 * {@linkplain #getCause() cause}), and by {@link StreamWriter#drain()} with the message
 * "Connection lost" once the connection is gone.
 */
public class ConnectionResetError extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what was reset. May be null.
   */
  public ConnectionResetError(String message) {
    super(message);
  }

  /**
   * Creates the error for a JDK exception that reported the reset.
   *
   * @param message what was reset. May be null.
   * @param cause the JDK's exception. May be null.
   */
  public ConnectionResetError(String message, Throwable cause) {
    super(message);
    initCause(cause); // SocketException(String, Throwable) is Java 19+
  }
}
