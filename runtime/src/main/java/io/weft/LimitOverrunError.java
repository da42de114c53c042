package io.weft;

/**
 * A separator was not found within the stream's buffer limit. Python's {@code
 * asyncio.LimitOverrunError}.
 */
public class LimitOverrunError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How many bytes to consume to get past the data that overran the limit. */
  private final int consumed;

  /**
   * Creates the error.
   *
   * @param message what overran
   * @param consumed the number of bytes to consume to get past the data examined
   */
  public LimitOverrunError(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /**
   * Returns the number of bytes to consume: Python's {@code consumed}.
   *
   * @return the count
   */
  public int consumed() {
    return consumed;
  }
}
