package io.weft;

/**
 * The stream ended before a read got the bytes it needs. Python's {@code
 * asyncio.IncompleteReadError} (an {@code EOFError}).
 */
public class IncompleteReadError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The bytes read before the end of the stream. */
  private final byte[] partial;
  /** How many bytes were asked for. */
  private final int expected;

  /**
   * Creates the error.
   *
   * @param partial the bytes read before the end of the stream. Not null.
   * @param expected the number of bytes expected, or -1 when unknown (Python's {@code None})
   */
  public IncompleteReadError(byte[] partial, int expected) {
    super(partial.length + " bytes read on a total of "
        + (expected < 0 ? "undefined" : String.valueOf(expected)) + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /**
   * Returns the bytes read before the end of the stream: Python's {@code partial}.
   *
   * @return a copy of them
   */
  public byte[] partial() {
    return partial.clone();
  }

  /**
   * Returns how many bytes were expected: Python's {@code expected}.
   *
   * @return the count, or -1 when unknown
   */
  public int expected() {
    return expected;
  }
}
