package io.weft;

import java.io.IOException;
import java.net.SocketException;

/**
 * A connection failed: refused, reset, aborted, or written to after the peer closed it. Python's
 * built-in {@code ConnectionError}, the common superclass of {@link ConnectionRefusedError},
 * {@link ConnectionResetError}, {@link ConnectionAbortedError} and {@link BrokenPipeError}.
 * Unchecked: catch it by name around an {@code await}.
 */
public class ConnectionError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link SocketException} with the
   *     same message
   */
  public ConnectionError(String message, IOException cause) {
    super(message, cause != null ? cause : new SocketException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is a {@link SocketException}
   * with the same message).
   *
   * @param message what failed. May be null.
   */
  public ConnectionError(String message) {
    this(message, null);
  }
}
