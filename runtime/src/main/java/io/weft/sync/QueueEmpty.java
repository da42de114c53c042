package io.weft.sync;

/** {@code getNowait()} found the queue empty. Python's {@code asyncio.QueueEmpty}. */
public class QueueEmpty extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public QueueEmpty() {
    super();
  }

  /**
   * Creates the error.
   *
   * @param message the message, or null
   */
  public QueueEmpty(String message) {
    super(message);
  }
}
