package io.weft.internal;

import io.weft.Coro;
import io.weft.Generator;
import io.weft.GeneratorExit;
import io.weft.StopIteration;
import java.util.Iterator;

/**
 * Runs, inside a chain of frames, what a suspension delegates to when it is not a woven frame: a
 * {@link Coro} or a {@link Generator} written by hand, or a plain {@link Iterator}. Python's
 * {@code yield from x} (and {@code await x}, which is {@code yield from x.__await__()}): whatever
 * {@code x} hands out goes to whoever drives the chain, values and exceptions sent in go to
 * {@code x} where it takes them ({@code send}/{@code throw}/{@code close}), and its {@link
 * StopIteration} is the value of the suspension. A plain iterator only yields its elements.
 */
final class ForeignFrame extends Frame {
  /** A hand-written Coro or Generator (the full protocol), or a plain Iterator. */
  private final Object delegate;

  private ForeignFrame(Object delegate) {
    this.delegate = delegate;
  }

  /** {@code await coro} of a Coro written by hand. */
  static ForeignFrame of(Coro<?> coro) {
    return new ForeignFrame(coro);
  }

  /** {@code yieldFrom(iterable)}: a hand-written Generator, or any other Iterable. */
  static ForeignFrame of(Iterable<?> iterable) {
    return new ForeignFrame(iterable.iterator());
  }

  @Override
  String kind() {
    return delegate instanceof Coro ? "coroutine" : "generator";
  }

  @Override
  protected Object resume() {
    Object in = value;
    value = null;
    boolean throwing = (flags & F_THROWING) != 0;
    flags = 0;
    if (!(delegate instanceof Coro) && !(delegate instanceof Generator)) {
      return nextOfPlainIterator((Iterator<?>) delegate, in, throwing);
    }
    try {
      if (throwing && in instanceof GeneratorExit) {
        close(delegate); // Python's yield from closes the delegate, then raises GeneratorExit
        throw (GeneratorExit) in;
      }
      value = throwing ? throwIn(delegate, (Throwable) in) : send(delegate, in);
      return YIELD; // handed out as it is, even when it is itself a Coro: the driver's business
    } catch (StopIteration stop) {
      return stop.value();
    }
  }

  private static Object send(Object delegate, Object in) {
    return delegate instanceof Coro ? ((Coro<?>) delegate).send(in)
        : ((Generator<?>) delegate).send(in);
  }

  private static Object throwIn(Object delegate, Throwable error) {
    return delegate instanceof Coro ? ((Coro<?>) delegate).throwIn(error)
        : ((Generator<?>) delegate).throwIn(error);
  }

  private static void close(Object delegate) {
    if (delegate instanceof Coro) {
      ((Coro<?>) delegate).close();
    } else {
      ((Generator<?>) delegate).close();
    }
  }

  private Object nextOfPlainIterator(Iterator<?> iterator, Object in, boolean throwing) {
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

  @Override
  public String toString() {
    return "<" + kind() + " adapter for " + delegate + " " + state() + ">";
  }
}
