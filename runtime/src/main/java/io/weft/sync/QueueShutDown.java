package io.weft.sync;

/** The queue was shut down: no more puts, and gets once it is empty. Python's {@code asyncio.QueueShutDown} (3.13). */
public class QueueShutDown extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public QueueShutDown() {
    super();
  }

  /**
   * Creates the error.
   *
   * @param message the message, or null
   */
  public QueueShutDown(String message) {
    super(message);
  }
}
