package io.weft;

/**
 * A deadline passed: raised by {@link Asyncio#waitFor}, {@link Asyncio#timeout} and {@link
 * Asyncio#asCompleted}. Python's built-in {@code TimeoutError} (asyncio's since 3.11).
 */
public class TimeoutError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public TimeoutError() {
    super();
  }

  /**
   * Creates the error with a message.
   *
   * @param message the message, or null
   */
  public TimeoutError(String message) {
    super(message);
  }

  /**
   * Creates the error raised in place of a cancellation (Python's {@code raise TimeoutError from
   * exc_val}).
   *
   * @param message the message, or null
   * @param cause the cancellation it replaces
   */
  public TimeoutError(String message, Throwable cause) {
    super(message, cause);
  }
}
