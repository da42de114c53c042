package io.weft;

import java.io.IOException;
import java.net.SocketException;

/**
 * A write failed because the peer has closed the connection. Python's built-in {@code
 * BrokenPipeError}, a {@link ConnectionError}. Unchecked: catch it by name around an {@code await}.
 *
 * <p>The JDK reports it as a {@link SocketException} or {@link IOException} "Broken pipe", which is
 * the cause.
 */
public class BrokenPipeError extends ConnectionError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link SocketException} with the same
   *     message
   */
  public BrokenPipeError(String message, IOException cause) {
    super(message, cause != null ? cause : new SocketException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is a {@link SocketException} with
   * the same message).
   *
   * @param message what failed. May be null.
   */
  public BrokenPipeError(String message) {
    this(message, null);
  }
}
