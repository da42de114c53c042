package io.weft.net;

/**
 * What every protocol receives from its transport, whatever the kind of transport: the end of
 * the connection and the flow-control signals of the write side. Python's {@code
 * asyncio.BaseProtocol}.
 *
 * <p>Python's {@code BaseProtocol} also declares {@code connection_made(transport)}; here each
 * protocol kind declares it with its own transport type ({@link
 * Protocol#connectionMade(Transport)}), so that an implementation needs no cast.
 *
 * <p>Every method has an empty default. The transport calls them on its loop's thread, one at a
 * time, never from inside another callback of the same protocol. What a method throws is
 * reported to the loop's exception handler; for {@link #pauseWriting()} and {@link
 * #resumeWriting()} nothing else happens, as in Python.
 */
public interface BaseProtocol {

  /**
   * Called once when the connection is lost or closed, after every other callback: the last
   * call the transport makes. Python's {@code connection_lost(exc)}.
   *
   * @param exc the error that ended the connection (an {@link io.weft.OSError} for I/O errors,
   *     such as {@link io.weft.ConnectionResetError}), or null for a regular end: EOF, {@link
   *     BaseTransport#close()} or {@link WriteTransport#abort()}
   */
  default void connectionLost(Throwable exc) {}

  /**
   * Called when the transport's write buffer goes over its high-water mark: stop writing until
   * {@link #resumeWriting()}. Python's {@code pause_writing()}. Calls alternate: pause, resume,
   * pause, ...
   */
  default void pauseWriting() {}

  /**
   * Called when the transport's write buffer drains to its low-water mark or below after a
   * {@link #pauseWriting()}. Python's {@code resume_writing()}.
   */
  default void resumeWriting() {}
}
