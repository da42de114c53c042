package io.weft;

import io.weft.internal.AsyncGenHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Connects a running loop to the async generators iterated on its thread, so that {@link
 * EventLoop#shutdownAsyncgens()} can close them: Python's {@code sys.set_asyncgen_hooks(firstiter=
 * loop._asyncgen_firstiter_hook)} and {@code loop.shutdown_asyncgens()}.
 */
final class AsyncGenTracking {
  private AsyncGenTracking() {}

  /** Installs {@code loop}'s first-iteration hook on this thread; returns the previous hook. */
  static Object install(EventLoop loop) {
    Consumer<AsyncGenerator<?>> previous = AsyncGenHooks.FIRST_ITER.get();
    AsyncGenHooks.FIRST_ITER.set(loop::trackAsyncGen);
    return previous;
  }

  /** Puts back the hook {@link #install} replaced. */
  @SuppressWarnings("unchecked")
  static void restore(Object previous) {
    if (previous == null) {
      AsyncGenHooks.FIRST_ITER.remove();
    } else {
      AsyncGenHooks.FIRST_ITER.set((Consumer<AsyncGenerator<?>>) previous);
    }
  }

  /**
   * Runs {@code aclose()} of every generator as a task, and returns a future completed when all
   * are closed; an error while closing one goes to the loop's exception handler.
   */
  static Future<Void> closeAll(EventLoop loop, List<Object> generators) {
    List<Task<Void>> closing = new ArrayList<>();
    for (Object g : generators) {
      AsyncGenerator<?> agen = (AsyncGenerator<?>) g;
      Task<Void> t = loop.createTask(agen.aclose());
      t.addDoneCallback(done -> {
        if (!done.cancelled() && done.exception() != null) {
          loop.callExceptionHandler(EventLoop.context(
              "an error occurred during closing of asynchronous generator " + agen,
              done.exception(), "asyncgen", agen));
        }
      });
      closing.add(t);
    }
    if (closing.isEmpty()) {
      Future<Void> none = loop.createFuture();
      none.setResult(null);
      return none;
    }
    Future<Void> closed = loop.createFuture(); // Python: await gather(*closing, return_exceptions=True)
    GatheringFuture.gather(true, closing).addDoneCallback(all -> closed.setResult(null));
    return closed;
  }
}
