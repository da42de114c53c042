package io.weft;

import io.weft.internal.Frame;

/** Reads a task's chain of coroutine frames, outermost first, for {@link Task#getStack}. */
final class FrameChain {
  private FrameChain() {}

  /** The frame {@code f} awaits (delegates to), or null. */
  static Frame awaiting(Frame f) {
    return f.awaiting();
  }

  /** Where {@code f} is stopped, or null for frames the runtime made (skipped in stacks). */
  static StackTraceElement location(Frame f) {
    return f.location();
  }
}
