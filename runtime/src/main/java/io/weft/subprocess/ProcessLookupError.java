package io.weft.subprocess;

/**
 * A signal was sent to a process that is gone: Python's built-in {@code ProcessLookupError}
 * (errno {@code ESRCH}), raised by {@link Process#sendSignal}, {@link Process#terminate()} and
 * {@link Process#kill()} once {@link Process#await()} has seen the process end.
 */
public class ProcessLookupError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what was asked of which process. May be null.
   */
  public ProcessLookupError(String message) {
    super(message);
  }
}
