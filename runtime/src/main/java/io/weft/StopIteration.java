package io.weft;

/**
 * Raised by {@link Generator#send(Object)} and {@link Generator#throwIn(Throwable)} when the
 * generator finishes; carries the generator's return value. Mirrors Python's {@code
 * StopIteration} (its {@code value} attribute is {@link #value()}).
 *
 * <p>It is raised on the ordinary path of every generator, so it carries no stack trace: build
 * and throw costs the same as returning.
 */
public final class StopIteration extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Object value;

  /**
   * Creates the exception for a generator that returned {@code value}.
   *
   * @param value the generator's return value (the argument of {@code Generator.done(r)}). May
   *     be null.
   */
  public StopIteration(Object value) {
    super(null, null, false, false);
    this.value = value;
  }

  /**
   * Returns the generator's return value: Python's {@code StopIteration.value}.
   *
   * @return the value given to {@code Generator.done(r)}, or null for {@code done()}.
   */
  public Object value() {
    return value;
  }

  @Override
  public String getMessage() {
    return value == null ? null : String.valueOf(value);
  }
}
