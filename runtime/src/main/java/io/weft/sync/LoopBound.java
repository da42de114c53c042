package io.weft.sync;

import io.weft.Asyncio;
import io.weft.EventLoop;

/**
 * What every primitive of this package shares: it is created outside any loop and binds itself
 * to the loop that first has to wait on it. Python's {@code mixins._LoopBoundMixin}.
 *
 * <p>Only the paths that wait ask for the loop, as in CPython, so a primitive used without ever
 * waiting (an uncontended lock, a queue that always has an item) stays unbound and may be used
 * from any loop, one at a time.
 *
 * <p><b>Thread:</b> the binding is atomic; everything else in this package is for the loop's
 * thread only, as in asyncio.
 */
abstract class LoopBound {
  private volatile EventLoop loop;

  LoopBound() {}

  /**
   * Returns the running loop, binding this primitive to it on first use. Python's {@code
   * _get_loop()}.
   *
   * @return the running loop
   * @throws IllegalStateException "no running event loop", or "... is bound to a different event
   *     loop" when another loop already waited on this primitive
   */
  final EventLoop getLoop() {
    EventLoop running = Asyncio.getRunningLoop();
    EventLoop bound = loop;
    if (bound == null) {
      synchronized (this) {
        if (loop == null) {
          loop = running;
        }
        bound = loop;
      }
    }
    if (bound != running) {
      throw new IllegalStateException(this + " is bound to a different event loop");
    }
    return running;
  }
}
