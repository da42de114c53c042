package io.weft.sync;

import io.weft.Coro;

/** Small helpers shared by the primitives of this package. */
final class Primitives {
  private Primitives() {}

  /**
   * Python's default {@code repr} with the primitive's state appended, as {@code locks.py}
   * writes it: {@code <io.weft.sync.Lock object at 0x1b6d3586 [locked, waiters:1]>}.
   *
   * @param self the primitive
   * @param extra what goes between the brackets
   */
  static String repr(Object self, String extra) {
    return "<" + self.getClass().getName() + " object at 0x"
        + Integer.toHexString(System.identityHashCode(self)) + " [" + extra + "]>";
  }

  /**
   * What a primitive's hand-written coroutine prints, in the shape of a woven frame's: {@code
   * <coroutine Lock.acquire() SUSPENDED>}, so a task's repr names the call it waits in.
   */
  static String frameRepr(String call, Coro<?> frame) {
    return "<coroutine " + call + " " + frame.state() + ">";
  }

  /** Raises {@code t} as it is, checked or not: frames re-raise what they caught or saved. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
