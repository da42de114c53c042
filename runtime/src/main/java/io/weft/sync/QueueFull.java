package io.weft.sync;

/** {@code putNowait()} found the queue full. Python's {@code asyncio.QueueFull}. */
public class QueueFull extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public QueueFull() {
    super();
  }

  /**
   * Creates the error.
   *
   * @param message the message, or null
   */
  public QueueFull(String message) {
    super(message);
  }
}
