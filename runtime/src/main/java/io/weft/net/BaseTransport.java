package io.weft.net;

/**
 * What every transport offers: Python's {@code asyncio.BaseTransport}.
 *
 * <p>A transport owns an operating-system resource (a socket) and the buffering around it. It is
 * not thread-safe: call it on its loop's thread.
 */
public interface BaseTransport {

  /**
   * Returns optional information about the transport or its resource. Python's {@code
   * get_extra_info(name)}. A socket transport knows {@code "peername"} and {@code "sockname"}
   * (an {@link java.net.InetSocketAddress}, or null when the socket could not tell) and {@code
   * "socket"} (a {@link TransportSocket}).
   *
   * @param name the name of the information
   * @return its value, or null when the transport does not know it
   */
  default Object getExtraInfo(String name) {
    return getExtraInfo(name, null);
  }

  /**
   * Returns optional information, or {@code defaultValue}. Python's {@code get_extra_info(name,
   * default)}.
   *
   * @param name the name of the information
   * @param defaultValue what to return when the transport does not know it. May be null.
   * @return its value, or {@code defaultValue}
   */
  Object getExtraInfo(String name, Object defaultValue);

  /**
   * Returns whether the transport is closing or closed. Python's {@code is_closing()}.
   *
   * @return true once {@link #close()} or an abort or a fatal error started closing it
   */
  boolean isClosing();

  /**
   * Closes the transport: stops reading at once, flushes the write buffer in the background,
   * then closes the resource and calls the protocol's {@link BaseProtocol#connectionLost} with
   * null, on a later loop iteration. Idempotent. Python's {@code close()}. Does not suspend.
   */
  void close();
}
