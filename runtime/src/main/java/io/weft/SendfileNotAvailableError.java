package io.weft;

/** The OS has no native sendfile for this transport, or the file is not a regular file. Python's {@code asyncio.SendfileNotAvailableError}. */
public class SendfileNotAvailableError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public SendfileNotAvailableError() {
    super();
  }

  /**
   * Creates the error.
   *
   * @param message the message, or null
   */
  public SendfileNotAvailableError(String message) {
    super(message);
  }
}
