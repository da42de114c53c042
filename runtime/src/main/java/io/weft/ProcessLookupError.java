package io.weft;

import java.io.IOException;

/**
 * A signal sent to a process that is gone. Python's built-in {@code ProcessLookupError} (errno {@code ESRCH}), an {@link OSError}.
 *
 * <p>Raised by {@code Process.sendSignal}, {@code terminate()} and {@code kill()} once {@code await()} has seen the process end. The JDK's exception, when there is one, is the cause.
 */
public class ProcessLookupError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception ({@code IOException}); null stands for a new {@link IOException}
   *     with the same message
   */
  public ProcessLookupError(String message, IOException cause) {
    super(message, cause);
  }

  /**
   * Creates the error with no JDK exception beneath.
   *
   * @param message what failed. May be null.
   */
  public ProcessLookupError(String message) {
    this(message, null);
  }
}
