package io.weft;

import java.util.Collections;
import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection)} evaluates to: Python's {@code (done, pending)}
 * pair of sets. Both sets hold the objects given to {@code wait}, in the order they were given, and
 * are unmodifiable snapshots taken when the waiting task resumed.
 *
 * @param <F> the type of the futures given to {@code wait}
 */
public final class WaitResult<F> {
  private final Set<F> done;
  private final Set<F> pending;

  WaitResult(Set<F> done, Set<F> pending) {
    this.done = Collections.unmodifiableSet(done);
    this.pending = Collections.unmodifiableSet(pending);
  }

  /**
   * Returns the futures that were done when {@code wait} returned. Python's {@code done}.
   *
   * @return an unmodifiable set, in argument order
   */
  public Set<F> done() {
    return done;
  }

  /**
   * Returns the futures still pending when {@code wait} returned. Python's {@code pending}.
   *
   * @return an unmodifiable set, in argument order
   */
  public Set<F> pending() {
    return pending;
  }

  @Override
  public String toString() {
    return "(done=" + done + ", pending=" + pending + ")";
  }
}
