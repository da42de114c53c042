package io.weft.sync;

/** A barrier was reset or aborted while a task waited on it. Python's {@code asyncio.BrokenBarrierError}. */
public class BrokenBarrierError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the error with no message. */
  public BrokenBarrierError() {
    super();
  }

  /**
   * Creates the error.
   *
   * @param message the message, or null
   */
  public BrokenBarrierError(String message) {
    super(message);
  }
}
