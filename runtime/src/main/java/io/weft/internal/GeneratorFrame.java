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
    Object out = step(null, false, false);
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
    if (!hasNext()) {
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
