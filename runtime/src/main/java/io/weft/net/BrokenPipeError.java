package io.weft.net;

import java.net.SocketException;

/**
 * A write failed because the peer has closed the connection. Python's built-in {@code
 * BrokenPipeError} (a {@code ConnectionError}, here a {@link SocketException}); the JDK's own
 * exception ("Broken pipe") is the {@linkplain #getCause() cause}.
 */
public class BrokenPipeError extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception. May be null.
   */
  public BrokenPipeError(String message, Throwable cause) {
    super(message);
    initCause(cause); // SocketException(String, Throwable) is Java 19+
  }
}
