package io.weft;

import java.io.IOException;

/**
 * An operation the operating system does not permit. Python's built-in {@code PermissionError} (errno {@code EACCES}), an {@link OSError}. Unchecked: catch it by name around an {@code await}.
 *
 * <p>Raised by {@link Asyncio#createSubprocessExec} when the program is not executable or the working directory not readable. The JDK's exception, when there is one, is the cause.
 */
public class PermissionError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception ({@code AccessDeniedException}); null stands for a new {@link IOException}
   *     with the same message
   */
  public PermissionError(String message, IOException cause) {
    super(message, cause);
  }

  /**
   * Creates the error with no JDK exception beneath.
   *
   * @param message what failed. May be null.
   */
  public PermissionError(String message) {
    this(message, null);
  }
}
