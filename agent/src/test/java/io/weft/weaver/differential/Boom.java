package io.weft.weaver.differential;

/** The checked exception of generated programs: thrown by bodies, thrown in by scripts. */
public final class Boom extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception numbered {@code k}.
   *
   * @param k its number, which is its message
   */
  public Boom(int k) {
    super(Integer.toString(k), null, true, false);
  }
}
