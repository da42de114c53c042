package io.weft.internal;

import io.weft.Generator;
import java.util.NoSuchElementException;

/**
 * Base class of the frames of {@code @Coroutine} methods returning {@link Generator}: Python's
 * generator object. The weaver generates one final subclass per method.
 */
public abstract class GeneratorFrame extends Frame implements Generator<Object> {
  /** Creates a generator in state CREATED. */
  protected GeneratorFrame() {}

  @Override
  final String kind() {
    return "generator";
  }

  /**
   * Runs the body to its next {@code yield} unless a value is already waiting. Python's {@code
   * for} loop calls {@code next()} and catches {@code StopIteration}; this is the same step
   * without the exception.
   */
  @Override
  public final boolean hasNext() {
    if ((flags & F_PEEKED) != 0) {
      return true;
    }
    Object out;
    byte st = state;
    if (st == SUSPENDED || st == CREATED) { // fast path: a root at its own yield or not started
      state = RUNNING;
      Object r;
      try {
        r = resume();
      } catch (Throwable t) {
        throw failed(t); // the exceptional exit may call out: it is not the path to optimise
      }
      if (r == YIELD) { // the value stays in this.value until next() takes it
        state = SUSPENDED;
        flags = F_PEEKED;
        return true;
      }
      if (r != DELEGATE && r != AWAIT) { // returned: the value has nobody to go to in a for loop
        // finish(this) by hand: field stores only, no call the frame would escape into
        state = CLOSED;
        label = -1;
        value = null;
        flags = 0;
        caller = null;
        return false;
      }
      out = resumed(r);
    } else {
      out = step(null, false);
    }
    if (out == EXHAUSTED) {
      value = null; // the return value has nobody to go to in a for loop
      return false;
    }
    top().value = out;
    flags |= F_PEEKED;
    return true;
  }

  @Override
  public final Object next() {
    if (flags == F_PEEKED && innermost == null) { // fast path: the value this root yielded
      flags = 0;
      Object out = value;
      value = null;
      return out;
    }
    return slowNext();
  }

  private Object slowNext() {
    if ((flags & F_PEEKED) == 0 && !hasNext()) {
      throw new NoSuchElementException("generator " + FrameNames.describe(getClass())
          + " is exhausted");
    }
    flags &= ~F_PEEKED;
    Frame top = top();
    Object out = top.value;
    top.value = null;
    return out;
  }
}
