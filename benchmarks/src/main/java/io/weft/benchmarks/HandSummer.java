package io.weft.benchmarks;

import io.weft.StopIteration;

/** The hand-written twin of {@link Generators#summer}: the same protocol, a two-state machine. */
final class HandSummer {
  private boolean started;
  private boolean finished;
  private long total;

  /** Like {@code Generator.send}: null starts it, then ints are added, then null ends it. */
  Object send(Object value) {
    if (finished) {
      throw new StopIteration(null);
    }
    if (!started) {
      if (value != null) {
        throw new IllegalArgumentException("can't send non-null value to a just-started summer");
      }
      started = true;
      return null;
    }
    if (value == null) {
      finished = true;
      throw new StopIteration(total);
    }
    total += (Integer) value;
    return null;
  }
}
