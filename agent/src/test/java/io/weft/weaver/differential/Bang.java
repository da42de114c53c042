package io.weft.weaver.differential;

/** The unchecked exception of generated programs: thrown by bodies, thrown in by scripts. */
public final class Bang extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception numbered {@code k}.
   *
   * @param k its number, which is its message
   */
  public Bang(int k) {
    super(Integer.toString(k), null, true, false);
  }
}
