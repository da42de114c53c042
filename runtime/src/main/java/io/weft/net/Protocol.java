package io.weft.net;

import java.nio.ByteBuffer;

/**
 * The callbacks of a stream connection (TCP): Python's {@code asyncio.Protocol}. Implement the
 * ones you need; each has an empty default.
 *
 * <p><b>Order.</b> {@code connectionMade dataReceived* [eofReceived] connectionLost}: exactly one
 * {@link #connectionMade}, then any number of {@link #dataReceived}, at most one {@link
 * #eofReceived} and no data after it, and exactly one {@link #connectionLost} at the end.
 *
 * <p><b>Data.</b> {@link #dataReceived} gets a {@link ByteBuffer}, not a {@code byte[]}: the
 * transport reads into one buffer per loop thread and lends it, so that receiving costs no
 * allocation. The buffer is valid only during the call: copy what you keep ({@code byte[] b = new
 * byte[data.remaining()]; data.get(b);}); passing it straight to {@link
 * WriteTransport#write(ByteBuffer)} is fine, write copies what it cannot send at once.
 *
 * <p><b>Thread.</b> Every callback runs on the loop's thread.
 */
public interface Protocol extends BaseProtocol {

  /**
   * Called when the connection is made, before any data. Python's {@code
   * connection_made(transport)}. Keep {@code transport} to write to it and to close it.
   *
   * @param transport the connection's transport. Not null.
   */
  default void connectionMade(Transport transport) {}

  /**
   * Called with each chunk of bytes received. Python's {@code data_received(data)}. Chunks have
   * no relation to the peer's writes: a message may arrive in pieces, or several in one chunk.
   *
   * @param data the bytes, from its position to its limit: lent for the duration of the call
   *     only (see the class comment). Never empty.
   */
  default void dataReceived(ByteBuffer data) {}

  /**
   * Called when the peer ends its side of the connection (it called {@code writeEof()} or
   * closed). Python's {@code eof_received()}.
   *
   * @return true to keep the connection half-open, so that this side can still write (and must
   *     close it later); false (the default) to let the transport close itself
   */
  default boolean eofReceived() {
    return false;
  }
}
