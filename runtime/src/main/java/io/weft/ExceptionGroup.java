package io.weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Several unrelated errors raised together: Python's {@code ExceptionGroup} (PEP 654), raised by
 * {@link TaskGroup} when its tasks or its body failed. {@link #getMessage()} reads like Python's
 * {@code str(eg)}: {@code "unhandled errors in a TaskGroup (2 sub-exceptions)"}.
 *
 * <p>Java has no {@code except*}; inspect {@link #exceptions()} instead. Each sub-exception is
 * also added as a {@linkplain #getSuppressed() suppressed} exception, so a printed stack trace
 * shows all of them.
 *
 * <p>Python distinguishes {@code BaseExceptionGroup} (holding a {@code BaseException} such as
 * {@link CancelledError}) from {@code ExceptionGroup}; Weft has only this class, a
 * RuntimeException whatever it holds.
 */
public class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The message, as given (Python's {@code message}). */
  private final String message;
  /** The grouped exceptions, in order (Python's {@code exceptions}). */
  private final List<Throwable> exceptions;

  /**
   * Creates a group. Python's {@code ExceptionGroup(message, exceptions)}.
   *
   * @param message what the errors have in common. Not null.
   * @param exceptions the errors, in the order they happened. Not null, not empty, no null
   *     element.
   * @throws IllegalArgumentException when {@code exceptions} is empty
   */
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(Objects.requireNonNull(message, "message"), null, true, true);
    Objects.requireNonNull(exceptions, "exceptions");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("second argument (exceptions) must be a non-empty list");
    }
    List<Throwable> copy = new ArrayList<>(exceptions.size());
    for (Throwable t : exceptions) {
      copy.add(Objects.requireNonNull(t, "exceptions must not contain null"));
    }
    this.message = message;
    this.exceptions = Collections.unmodifiableList(copy);
    for (Throwable t : copy) {
      addSuppressed(t);
    }
  }

  /**
   * Returns the message given to the constructor, without the count. Python's {@code
   * eg.message}.
   *
   * @return the message
   */
  public String message() {
    return message;
  }

  /**
   * Returns the errors, in the order they happened. Python's {@code eg.exceptions}.
   *
   * @return an unmodifiable list, never empty
   */
  public List<Throwable> exceptions() {
    return exceptions;
  }

  /** Python's {@code str(eg)}: the message and how many errors it holds. */
  @Override
  public String getMessage() {
    int n = exceptions.size();
    return message + " (" + n + (n == 1 ? " sub-exception)" : " sub-exceptions)");
  }
}
