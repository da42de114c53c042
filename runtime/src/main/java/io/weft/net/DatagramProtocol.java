package io.weft.net;

import io.weft.OSError;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The callbacks of a datagram (UDP) endpoint: Python's {@code asyncio.DatagramProtocol}. Made by
 * the factory given to {@link io.weft.EventLoop#createDatagramEndpoint}. Every method has an
 * empty default, so a protocol implements only what it needs.
 *
 * <p>Call order: {@code connectionMade (datagramReceived | errorReceived)* connectionLost}, on
 * the loop's thread. {@code pauseWriting} / {@code resumeWriting} come when the transport's
 * buffer of datagrams not yet sent crosses its marks, as for a stream transport.
 *
 * <p>A callback that throws is reported to the loop's exception handler ("Exception in
 * callback") and the endpoint stays open, as in Python, whose datagram transport does not guard
 * these calls.
 */
public interface DatagramProtocol extends BaseProtocol {

  /**
   * Called once when the endpoint is ready, before any other callback. Python's {@code
   * connection_made(transport)}.
   *
   * @param transport the endpoint's transport; keep it to send
   */
  default void connectionMade(DatagramTransport transport) {}

  /**
   * Called for each datagram received. Python's {@code datagram_received(data, addr)}.
   *
   * <p><b>The buffer is lent for the length of the call</b>, as in {@link
   * Protocol#dataReceived}: the transport reuses it for the next datagram. Copy what you keep
   * ({@code byte[] b = new byte[data.remaining()]; data.get(b);}); passing it straight to {@link
   * DatagramTransport#sendto(ByteBuffer, SocketAddress)} is fine, since that copies what it
   * cannot send at once.
   *
   * @param data the datagram, from position to limit (possibly empty)
   * @param addr the sender's address, an {@link java.net.InetSocketAddress}
   */
  default void datagramReceived(ByteBuffer data, SocketAddress addr) {}

  /**
   * Called when a send or a receive failed; the endpoint stays open. Python's {@code
   * error_received(exc)}. On a connected endpoint, a datagram the peer's system refused (nobody
   * listens on its port) arrives here as a {@link io.weft.ConnectionRefusedError}, on the next
   * send or receive.
   *
   * @param exc the error
   */
  default void errorReceived(OSError exc) {}
}
