package io.weft.internal;

/**
 * What {@code await(sleep(0))} hands to the task in woven code: Python's {@code __sleep0()}, a
 * bare yield. The task that receives it steps again on the next loop pass, after every callback
 * already ready, with no timer and nothing allocated; a cancellation requested meanwhile is raised
 * at that step, as for any other sleep.
 *
 * <p>The weaver uses it only where the coroutine {@code sleep(d)} returns is awaited at once
 * ({@link AwaitSupport#sleep(double)}): that coroutine object is then never seen by any code, so
 * sharing one object cannot break the rule that a coroutine is awaited once. A coroutine driven
 * by hand with {@code send} hands this object out where Python's hands out {@code None}.
 */
public final class YieldOnce implements LoopAwaitable {
  /** The one instance. */
  public static final YieldOnce INSTANCE = new YieldOnce();

  private YieldOnce() {}

  @Override
  public String toString() {
    return "<sleep(0): yield to the loop once>";
  }
}
