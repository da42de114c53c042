package io.weft.benchmarks;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The hand-written twin of {@link Generators#holding}: the same state (where it is, one int, one
 * reference) in the fields a Java programmer would give it. The baseline of {@link
 * FrameFootprint}.
 */
final class HandHolding implements Iterator<Object> {
  private int state;
  private final int n;
  private Object ref;

  HandHolding(int n, Object ref) {
    this.n = n;
    this.ref = ref;
  }

  @Override
  public boolean hasNext() {
    return state < 2;
  }

  @Override
  public Object next() {
    switch (state) {
      case 0:
        state = 1;
        return null;
      case 1:
        state = 2;
        Object r = ref;
        ref = null;
        return r;
      default:
        throw new NoSuchElementException("returned " + n);
    }
  }
}
