package io.weft;

/**
 * The operation was cancelled: raised inside a task at the {@code await} it was suspended in when
 * the task is cancelled, and by {@link Future#result()} of a cancelled future. Python's {@code
 * asyncio.CancelledError}.
 *
 * <p>Like Python's (a {@code BaseException} since 3.8) it is not an {@link Exception}: it extends
 * {@link Error}, so {@code catch (Exception e)} does not swallow a cancellation by mistake. Catch
 * it only to clean up, and rethrow it; a task that swallows it stays {@link Task#cancelling()
 * cancelling}.
 */
public class CancelledError extends Error {
  private static final long serialVersionUID = 1L;

  /** Creates a cancellation with no message. */
  public CancelledError() {
    super();
  }

  /**
   * Creates a cancellation carrying the message given to {@code cancel(msg)}.
   *
   * @param message the message, or null
   */
  public CancelledError(String message) {
    super(message);
  }
}
