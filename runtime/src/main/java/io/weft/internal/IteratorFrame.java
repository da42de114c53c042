package io.weft.internal;

import io.weft.Generator;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import java.util.Iterator;

/**
 * Adapts what {@code Generator.yieldFrom} delegates to when it is not a woven frame: a plain
 * {@link Iterable}, or a {@link Generator} implemented by hand. Python's {@code yield from}
 * accepts any iterable, forwarding {@code send}/{@code throw}/{@code close} where the iterator
 * has them.
 */
final class IteratorFrame extends Frame {
  private final Iterator<?> iterator;

  IteratorFrame(Iterator<?> iterator) {
    this.iterator = iterator;
  }

  @Override
  String kind() {
    return "generator";
  }

  @Override
  protected Object resume() {
    Object in = value;
    value = null;
    boolean throwing = (flags & F_THROWING) != 0;
    flags = 0;
    if (iterator instanceof Generator) {
      Generator<?> foreign = (Generator<?>) iterator;
      try {
        if (in instanceof GeneratorExit && throwing) {
          foreign.close(); // Python's yield from closes the delegate, then raises GeneratorExit
          throw (GeneratorExit) in;
        }
        value = throwing ? foreign.throwIn((Throwable) in) : foreign.send(in);
        return YIELD;
      } catch (StopIteration stop) {
        return stop.value();
      }
    }
    if (throwing) {
      throw sneaky((Throwable) in);
    }
    if (in != null) {
      throw new IllegalArgumentException(
          "cannot send a value into yieldFrom of a plain Iterable (" + iterator.getClass().getName()
              + "): only a generator receives sent values");
    }
    if (iterator.hasNext()) {
      value = iterator.next();
      return YIELD;
    }
    return null;
  }
}
