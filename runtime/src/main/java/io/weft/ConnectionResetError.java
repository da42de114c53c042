package io.weft;

import java.io.IOException;
import java.net.SocketException;

/**
 * The peer reset the connection, or the connection was lost before a write could be drained.
 * Python's built-in {@code ConnectionResetError}, a {@link ConnectionError}. Unchecked: catch it by
 * name around an {@code await}.
 *
 * <p>Raised by reads and writes when the socket reports a reset (the JDK's {@link SocketException}
 * "Connection reset" is the cause), and by {@link io.weft.net.StreamWriter#drain()} with the
 * message "Connection lost" once the connection is gone.
 */
public class ConnectionResetError extends ConnectionError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link SocketException} with the same
   *     message
   */
  public ConnectionResetError(String message, IOException cause) {
    super(message, cause != null ? cause : new SocketException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is a {@link SocketException} with
   * the same message).
   *
   * @param message what failed. May be null.
   */
  public ConnectionResetError(String message) {
    this(message, null);
  }
}
