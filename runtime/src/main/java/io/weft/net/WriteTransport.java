package io.weft.net;

import java.nio.ByteBuffer;

/**
 * The write side of a transport: Python's {@code asyncio.WriteTransport}.
 *
 * <p><b>Flow control.</b> {@code write} never blocks: what the socket does not take at once is
 * buffered. When the buffer goes over the high-water mark the protocol's {@link
 * BaseProtocol#pauseWriting()} is called, and {@link BaseProtocol#resumeWriting()} when it drains
 * to the low-water mark (Python's {@code _FlowControlMixin}; by default 64 KiB and 16 KiB). A
 * producer that ignores them buffers without bound: use {@link StreamWriter#drain()} or the two
 * callbacks.
 */
public interface WriteTransport extends BaseTransport {

  /**
   * Sends bytes: as much as the socket takes now, the rest buffered and sent in the background.
   * Python's {@code write(data)}. Does not suspend. Bytes written after the connection was lost
   * are dropped (Python logs a warning from the fifth such write on).
   *
   * @param data the bytes; not null. The array is not kept: what must be buffered is copied.
   * @throws IllegalStateException after {@link #writeEof()}
   */
  void write(byte[] data);

  /**
   * Sends bytes from a buffer, as {@link #write(byte[])}; the buffer is consumed (its position
   * moves to its limit) and not kept.
   *
   * @param data the bytes between position and limit; not null
   * @throws IllegalStateException after {@link #writeEof()}
   */
  void write(ByteBuffer data);

  /**
   * Writes each array in order, as {@link #write(byte[])} would one after the other. Python's
   * {@code writelines(list_of_data)}.
   *
   * @param data the arrays; not null, no null element
   * @throws IllegalStateException after {@link #writeEof()}
   */
  void writelines(Iterable<byte[]> data);

  /**
   * Ends this side of the connection once the buffer is flushed (a TCP half-close); the peer
   * reads EOF and may still send. Does nothing when closing or already done. Python's {@code
   * write_eof()}.
   */
  void writeEof();

  /**
   * Returns whether {@link #writeEof()} is supported. Python's {@code can_write_eof()}.
   *
   * @return true for TCP
   */
  boolean canWriteEof();

  /**
   * Closes the transport at once, dropping the write buffer; the protocol's {@code
   * connectionLost} is called with null on a later loop iteration. Python's {@code abort()}.
   */
  void abort();

  /**
   * Returns the number of bytes buffered and not yet sent. Python's {@code
   * get_write_buffer_size()}.
   *
   * @return the count
   */
  long getWriteBufferSize();

  /**
   * Returns the flow-control marks. Python's {@code get_write_buffer_limits()}, which returns
   * the tuple {@code (low, high)}.
   *
   * @return the marks
   */
  BufferLimits getWriteBufferLimits();

  /**
   * Sets the default marks: 64 KiB high, 16 KiB low. Python's {@code set_write_buffer_limits()}.
   */
  default void setWriteBufferLimits() {
    setWriteBufferLimits(64 * 1024);
  }

  /**
   * Sets the high-water mark, and the low one to a quarter of it. Python's {@code
   * set_write_buffer_limits(high)}. (Python's {@code set_write_buffer_limits(low=x)} is {@code
   * setWriteBufferLimits(4 * x, x)}.)
   *
   * @param high the high-water mark in bytes; not negative
   * @throws IllegalArgumentException when negative
   */
  default void setWriteBufferLimits(int high) {
    setWriteBufferLimits(high, high / 4);
  }

  /**
   * Sets the flow-control marks: the protocol is paused when the buffer goes over {@code high}
   * and resumed when it falls to {@code low} or below. A high mark of 0 pauses on every write
   * that cannot be sent at once. Python's {@code set_write_buffer_limits(high, low)}; the new
   * marks take effect at once (a buffer already over {@code high} pauses the protocol now).
   *
   * @param high the high-water mark in bytes
   * @param low the low-water mark in bytes
   * @throws IllegalArgumentException unless {@code high >= low >= 0}
   */
  void setWriteBufferLimits(int high, int low);

  /**
   * The flow-control marks of a transport: Python's {@code (low, high)} tuple.
   *
   * @param low the low-water mark in bytes
   * @param high the high-water mark in bytes
   */
  record BufferLimits(int low, int high) {}
}
