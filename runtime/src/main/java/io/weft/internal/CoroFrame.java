package io.weft.internal;

import io.weft.Coro;

/**
 * Base class of the frames of {@code @Coroutine} methods returning {@link Coro}: Python's
 * coroutine object. The weaver generates one final subclass per method.
 */
public abstract class CoroFrame extends Frame implements Coro<Object> {
  /**
   * Creates a coroutine in state CREATED; while coroutine origin tracking is on (debug mode),
   * records where, to report it if it is collected without ever being awaited.
   */
  protected CoroFrame() {
    try {
      CoroutineOrigins.TRACK.invokeExact(this); // compiled to nothing while tracking is off
    } catch (Throwable t) {
      throw sneaky(t);
    }
  }

  @Override
  final String kind() {
    return "coroutine";
  }

  /** Python raises "cannot reuse already awaited coroutine" where a generator stops again. */
  @Override
  Object exhaustedAgain() {
    throw new IllegalStateException("cannot reuse already awaited coroutine");
  }
}
