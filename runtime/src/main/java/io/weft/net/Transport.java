package io.weft.net;

/**
 * A bidirectional stream transport, such as a TCP connection: Python's {@code
 * asyncio.Transport}. Made by {@link io.weft.EventLoop#createConnection} and by the servers of
 * {@link io.weft.EventLoop#createServer}; its protocol receives it in {@link
 * Protocol#connectionMade(Transport)}.
 *
 * <p>Not thread-safe: call it on its loop's thread.
 */
public interface Transport extends ReadTransport, WriteTransport {

  /**
   * Makes {@code protocol} receive the transport's callbacks from now on. Python's {@code
   * set_protocol(protocol)}. The new protocol's {@code connectionMade} is not called.
   *
   * @param protocol the protocol. Not null.
   */
  void setProtocol(Protocol protocol);

  /**
   * Returns the protocol receiving the callbacks. Python's {@code get_protocol()}.
   *
   * @return the protocol; null once the connection is lost
   */
  Protocol getProtocol();
}
