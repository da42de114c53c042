package io.weft;

/**
 * Raised by awaiting {@link AsyncGenerator#anext()}, {@link AsyncGenerator#asend(Object)} or
 * {@link AsyncGenerator#athrow(Throwable)} when the async generator has finished. Mirrors Python's
 * {@code StopAsyncIteration}.
 *
 * <p>It ends every iteration, so it carries no stack trace. An async generator's body that lets
 * one escape fails with {@code IllegalStateException("async generator raised
 * StopAsyncIteration")} instead (PEP 525, as PEP 479 does for {@link StopIteration}).
 */
public class StopAsyncIteration extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public StopAsyncIteration() {
    super(null, null, false, false);
  }

  /**
   * Creates the exception with a message.
   *
   * @param message the detail message. May be null.
   */
  public StopAsyncIteration(String message) {
    super(message, null, false, false);
  }
}
