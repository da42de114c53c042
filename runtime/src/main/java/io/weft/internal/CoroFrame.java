package io.weft.internal;

import io.weft.Coro;

/**
 * Base class of the frames of {@code @Coroutine} methods returning {@link Coro}: Python's
 * coroutine object. The weaver generates one final subclass per method.
 */
public abstract class CoroFrame extends Frame implements Coro<Object> {
  /** Creates a coroutine in state CREATED. */
  protected CoroFrame() {}

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
