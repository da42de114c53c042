package io.weft.net;

/**
 * The read side of a transport: Python's {@code asyncio.ReadTransport}. Pausing is how a
 * receiver applies back-pressure: the peer's writes block (its write buffer fills) while this
 * side does not read.
 */
public interface ReadTransport extends BaseTransport {

  /**
   * Returns whether the transport is delivering data: not paused and not closing. Python's
   * {@code is_reading()}.
   *
   * @return true while the protocol's {@code dataReceived} may be called
   */
  boolean isReading();

  /**
   * Stops delivering data to the protocol until {@link #resumeReading()}. Does nothing when
   * paused or closing. Python's {@code pause_reading()}.
   */
  void pauseReading();

  /**
   * Delivers data again after {@link #pauseReading()}. Does nothing when not paused or closing.
   * Python's {@code resume_reading()}.
   */
  void resumeReading();
}
