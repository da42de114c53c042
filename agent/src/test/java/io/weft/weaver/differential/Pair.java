package io.weft.weaver.differential;

/** An immutable pair built by generated programs ({@code new Pair(a, b)}). */
public final class Pair {
  private final Object a;
  private final Object b;

  /**
   * Creates the pair.
   *
   * @param a the first element. May be null.
   * @param b the second element. May be null.
   */
  public Pair(Object a, Object b) {
    this.a = a;
    this.b = b;
  }

  /** Returns the first element. */
  public Object a() {
    return a;
  }

  /** Returns the second element. */
  public Object b() {
    return b;
  }

  @Override
  public String toString() {
    return "(" + Rt.repr(a) + ", " + Rt.repr(b) + ")";
  }
}
