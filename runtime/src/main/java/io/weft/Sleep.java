package io.weft;

import io.weft.internal.LoopAwaitable;

/**
 * What {@link Asyncio#sleep(double)} returns: a coroutine that a task handles itself. A task
 * awaiting it puts one timer on the loop (no future, no callback object), so a sleeping task costs
 * only its own objects and that timer. Awaited once, like any coroutine.
 */
final class Sleep<T> implements Coro<T>, LoopAwaitable {
  private static final byte CREATED = 0;
  private static final byte SUSPENDED = 1;
  private static final byte CLOSED = 2;

  final double delay;
  final T result;
  private byte state;

  Sleep(double delay, T result) {
    this.delay = delay;
    this.result = result;
  }

  /** Claims this sleep for a task awaiting it; false when it was awaited before. */
  boolean take() {
    if (state != CREATED) {
      return false;
    }
    state = CLOSED;
    return true;
  }

  /**
   * Driven directly (as a task's own coroutine): the first send hands this sleep to the task,
   * the second returns the result.
   */
  @Override
  public Object send(Object value) {
    switch (state) {
      case CREATED:
        if (value != null) {
          throw new IllegalArgumentException("can't send non-null value to a just-started coroutine");
        }
        state = SUSPENDED;
        return new Sleep<>(delay, result); // the task takes this one; this object stays ours
      case SUSPENDED:
        state = CLOSED;
        throw new StopIteration(result);
      default:
        throw new IllegalStateException("cannot reuse already awaited coroutine");
    }
  }

  @Override
  public Object throwIn(Throwable error) {
    state = CLOSED;
    throw Future.sneaky(error);
  }

  @Override
  public void close() {
    state = CLOSED;
  }

  @Override
  public CoroutineState state() {
    switch (state) {
      case CREATED:
        return CoroutineState.CREATED;
      case SUSPENDED:
        return CoroutineState.SUSPENDED;
      default:
        return CoroutineState.CLOSED;
    }
  }

  @Override
  public String toString() {
    return "<coroutine sleep(" + delay + ") " + state() + ">";
  }
}
