package io.weft.internal;

import io.weft.Coro;
import io.weft.GeneratorExit;
import io.weft.StopIteration;

/**
 * Runs a {@link Coro} written by hand (not woven, not one of the loop's {@link LoopAwaitable}s)
 * inside the chain of the coroutine awaiting it. Python's {@code await x} is {@code yield from
 * x.__await__()}: whatever {@code x} hands out goes to the task driving the chain, values and
 * exceptions the task sends in go to {@code x}, and its {@link StopIteration} is the value of the
 * {@code await}. As {@link IteratorFrame} does for a generator written by hand.
 */
final class ForeignCoroFrame extends Frame {
  private final Coro<?> coro;

  ForeignCoroFrame(Coro<?> coro) {
    this.coro = coro;
  }

  @Override
  String kind() {
    return "coroutine";
  }

  @Override
  protected Object resume() {
    Object in = value;
    value = null;
    boolean throwing = (flags & F_THROWING) != 0;
    flags = 0;
    try {
      if (throwing && in instanceof GeneratorExit) {
        coro.close(); // Python's yield from closes the delegate, then raises GeneratorExit
        throw (GeneratorExit) in;
      }
      value = throwing ? coro.throwIn((Throwable) in) : coro.send(in);
      return YIELD; // handed out as it is, even if it is itself a Coro: the driver's business
    } catch (StopIteration stop) {
      return stop.value();
    }
  }

  @Override
  public String toString() {
    return "<coroutine adapter for " + coro + " " + state() + ">";
  }
}
