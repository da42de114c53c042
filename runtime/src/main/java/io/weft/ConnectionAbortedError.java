package io.weft;

import java.io.IOException;
import java.net.SocketException;

/**
 * The connection was aborted on this side (the system gave up on it). Python's built-in {@code
 * ConnectionAbortedError}, a {@link ConnectionError}. Unchecked: catch it by name around an {@code
 * await}.
 *
 * <p>The JDK reports it as a {@link SocketException} "Software caused connection abort" or
 * "Connection aborted", which is the cause.
 */
public class ConnectionAbortedError extends ConnectionError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link SocketException} with the same
   *     message
   */
  public ConnectionAbortedError(String message, IOException cause) {
    super(message, cause != null ? cause : new SocketException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is a {@link SocketException} with
   * the same message).
   *
   * @param message what failed. May be null.
   */
  public ConnectionAbortedError(String message) {
    this(message, null);
  }
}
