package io.weft.internal;

import io.weft.AsyncGenerator;
import java.util.function.Consumer;

/**
 * Python's {@code sys.set_asyncgen_hooks(firstiter=...)}: the event loop sets {@link #FIRST_ITER}
 * on its thread while it runs, and learns of every async generator iterated there, so that
 * {@code shutdownAsyncgens} can close the ones left open (asyncio's {@code
 * BaseEventLoop._asyncgen_firstiter_hook}).
 */
public final class AsyncGenHooks {
  private AsyncGenHooks() {}

  /** The hook of the current thread; null when no loop runs on it. */
  public static final ThreadLocal<Consumer<AsyncGenerator<?>>> FIRST_ITER = new ThreadLocal<>();

  /**
   * Reports {@code agen} to the current thread's hook, if one is set. Called once per async
   * generator, when its first {@code anext()}, {@code asend()}, {@code athrow()}, {@code aclose()}
   * or {@code hasNext()} is created, as CPython's {@code async_gen_init_hooks} is.
   *
   * @param agen the generator. Not null.
   */
  public static void firstIter(AsyncGenerator<?> agen) {
    Consumer<AsyncGenerator<?>> hook = FIRST_ITER.get();
    if (hook != null) {
      hook.accept(agen);
    }
  }
}
