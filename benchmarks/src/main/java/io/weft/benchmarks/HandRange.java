package io.weft.benchmarks;

import io.weft.StopIteration;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The hand-written twin of {@link Generators#range}: what a Java programmer writes without
 * generators. Iterable over itself, like a generator, so both are consumed by the same for-each.
 */
final class HandRange implements Iterator<Integer>, Iterable<Integer> {
  private final int n;
  private int i;

  HandRange(int n) {
    this.n = n;
  }

  @Override
  public boolean hasNext() {
    return i < n;
  }

  @Override
  public Integer next() {
    if (i >= n) {
      throw new NoSuchElementException();
    }
    return i++;
  }

  /** The twin of {@code Generator.send(null)}: the next value, or StopIteration at the end. */
  Integer send(Object value) {
    if (value != null) {
      throw new IllegalArgumentException("can only send null");
    }
    if (i >= n) {
      throw new StopIteration(null);
    }
    return i++;
  }

  @Override
  public Iterator<Integer> iterator() {
    return this;
  }
}
