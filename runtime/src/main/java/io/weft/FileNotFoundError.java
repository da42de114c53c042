package io.weft;

import java.io.IOException;

/**
 * A file or program that is not there. Python's built-in {@code FileNotFoundError} (errno {@code ENOENT}), an {@link OSError}. Unchecked: catch it by name around an {@code await}.
 *
 * <p>Raised by {@link Asyncio#createSubprocessExec} and {@link Asyncio#createSubprocessShell} when the program or the working directory does not exist. The JDK's exception, when there is one, is the cause.
 */
public class FileNotFoundError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception ({@code FileNotFoundException}); null stands for a new {@link IOException}
   *     with the same message
   */
  public FileNotFoundError(String message, IOException cause) {
    super(message, cause);
  }

  /**
   * Creates the error with no JDK exception beneath.
   *
   * @param message what failed. May be null.
   */
  public FileNotFoundError(String message) {
    this(message, null);
  }
}
