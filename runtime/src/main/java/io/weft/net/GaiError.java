package io.weft.net;

import io.weft.OSError;
import java.io.IOException;
import java.net.UnknownHostException;

/**
 * A host name did not resolve. Python's {@code socket.gaierror} (an {@code OSError}), raised by
 * {@code getaddrinfo} and so by everything that looks a name up: {@link
 * io.weft.EventLoop#getaddrinfo}, {@link io.weft.EventLoop#createConnection}, {@link
 * io.weft.EventLoop#createServer}, {@link io.weft.Asyncio#openConnection}. The JDK's {@link
 * UnknownHostException} is the {@linkplain #getCause() cause}. Unchecked: catch it by name around
 * an {@code await}.
 *
 * <p>It lives in {@code io.weft.net} because Python's lives in the {@code socket} module, not
 * among the built-in exceptions.
 */
public class GaiError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what did not resolve. May be null.
   * @param cause the JDK's exception; null stands for a new {@link UnknownHostException} with the
   *     same message
   */
  public GaiError(String message, IOException cause) {
    super(message, cause != null ? cause : new UnknownHostException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is an {@link
   * UnknownHostException} with the same message).
   *
   * @param message what did not resolve. May be null.
   */
  public GaiError(String message) {
    this(message, null);
  }
}
