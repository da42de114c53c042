package io.weft;

/**
 * A {@link Future} or {@link Task} was asked for something its state does not allow: the result
 * of a pending future, a second {@code setResult}. Python's {@code asyncio.InvalidStateError}.
 */
public class InvalidStateError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what was asked and in which state
   */
  public InvalidStateError(String message) {
    super(message);
  }
}
