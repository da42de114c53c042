package io.weft;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Nobody listens at the address connected to. Python's built-in {@code ConnectionRefusedError}, a
 * {@link ConnectionError}. Unchecked: catch it by name around an {@code await}.
 *
 * <p>Raised by {@link EventLoop#createConnection}, {@link Asyncio#openConnection} and {@link
 * EventLoop#sockConnect} when the peer refuses (the JDK's {@link ConnectException} is the cause),
 * and given to a datagram protocol's {@code errorReceived} when a datagram sent to a port nobody
 * listens on comes back refused ({@link java.net.PortUnreachableException}).
 */
public class ConnectionRefusedError extends ConnectionError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link ConnectException} with the same
   *     message
   */
  public ConnectionRefusedError(String message, IOException cause) {
    super(message, cause != null ? cause : new ConnectException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is a {@link ConnectException} with
   * the same message).
   *
   * @param message what failed. May be null.
   */
  public ConnectionRefusedError(String message) {
    this(message, null);
  }
}
