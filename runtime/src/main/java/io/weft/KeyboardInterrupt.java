package io.weft;

/**
 * The user pressed Ctrl-C (SIGINT) while {@link Asyncio#run} or {@link Runner#run} ran: the main
 * task was cancelled and ended cancelled. Python's built-in {@code KeyboardInterrupt}; like it
 * (a {@code BaseException}) it is an {@link Error}, so {@code catch (Exception e)} does not
 * swallow it.
 */
public class KeyboardInterrupt extends Error {
  private static final long serialVersionUID = 1L;

  /** Creates the error. */
  public KeyboardInterrupt() {
    super("interrupted (SIGINT)");
  }
}
