package io.weft.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The transport of a datagram (UDP) endpoint: Python's {@code asyncio.DatagramTransport}, made by
 * {@link io.weft.EventLoop#createDatagramEndpoint}.
 *
 * <p><b>Sending never blocks.</b> A datagram the socket does not take at once is buffered and
 * sent in the background; {@link #getWriteBufferSize()} counts what waits, and the protocol's
 * {@code pauseWriting} / {@code resumeWriting} are called at the marks of {@link
 * #setWriteBufferLimits}, as for a stream transport. A send that fails is reported to the
 * protocol's {@link DatagramProtocol#errorReceived}, never thrown.
 *
 * <p>Not thread-safe: call it on its loop's thread.
 */
public interface DatagramTransport extends BaseTransport {

  /**
   * Sends one datagram to {@code addr}. Python's {@code sendto(data, addr)}. Does not suspend.
   * An empty payload sends nothing, as in Python before 3.13 (3.13 sends an empty datagram; the
   * JDK's channels cannot). Datagrams sent after {@link #close()} or {@link #abort()} are
   * dropped (a warning is logged from the fifth on).
   *
   * @param data the payload. Not null; not kept (copied when it must wait).
   * @param addr where to send, a resolved {@link java.net.InetSocketAddress}; null on a
   *     connected endpoint (made with a remote address), which sends to its peer
   * @throws IllegalArgumentException on a connected endpoint when {@code addr} is neither null
   *     nor its peer ("Invalid address"); on an unconnected one when {@code addr} is null
   */
  default void sendto(byte[] data, SocketAddress addr) {
    sendto(ByteBuffer.wrap(Objects.requireNonNull(data, "data")), addr);
  }

  /**
   * Sends one datagram to the peer of a connected endpoint. Python's {@code sendto(data)}.
   *
   * @param data the payload. Not null.
   * @throws IllegalArgumentException when the endpoint was made without a remote address
   */
  default void sendto(byte[] data) {
    sendto(data, null);
  }

  /**
   * Sends the bytes of {@code data} from its position to its limit as one datagram, as {@link
   * #sendto(byte[], SocketAddress)}. The buffer is consumed (its position moves to its limit).
   *
   * @param data the payload. Not null.
   * @param addr where to send; null on a connected endpoint
   * @throws IllegalArgumentException as {@link #sendto(byte[], SocketAddress)}
   */
  void sendto(ByteBuffer data, SocketAddress addr);

  /**
   * Sends the bytes of {@code data} to the peer of a connected endpoint.
   *
   * @param data the payload. Not null.
   * @throws IllegalArgumentException when the endpoint was made without a remote address
   */
  default void sendto(ByteBuffer data) {
    sendto(data, null);
  }

  /**
   * Closes the endpoint at once, dropping the datagrams not yet sent; the protocol's {@code
   * connectionLost} is called with null on a later loop iteration. Python's {@code abort()}.
   */
  void abort();

  /**
   * Returns how many bytes wait to be sent: each buffered datagram's payload plus 8 (Python
   * counts a header per datagram). Python's {@code get_write_buffer_size()}.
   *
   * @return the count; 0 when every datagram went out at once
   */
  long getWriteBufferSize();

  /**
   * Returns the flow-control marks. Python's {@code get_write_buffer_limits()}.
   *
   * @return the marks
   */
  WriteTransport.BufferLimits getWriteBufferLimits();

  /**
   * Sets the flow-control marks, as {@link WriteTransport#setWriteBufferLimits(int, int)}.
   * Python's {@code set_write_buffer_limits(high, low)}.
   *
   * @param high the high-water mark in bytes
   * @param low the low-water mark in bytes
   * @throws IllegalArgumentException unless {@code high >= low >= 0}
   */
  void setWriteBufferLimits(int high, int low);

  /**
   * Makes {@code protocol} receive the endpoint's callbacks from now on. Python's {@code
   * set_protocol(protocol)}. The new protocol's {@code connectionMade} is not called.
   *
   * @param protocol the protocol. Not null.
   */
  void setProtocol(DatagramProtocol protocol);

  /**
   * Returns the protocol receiving the callbacks. Python's {@code get_protocol()}.
   *
   * @return the protocol; null once the endpoint is closed
   */
  DatagramProtocol getProtocol();
}
