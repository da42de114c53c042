package io.weft;

import java.util.Objects;

/**
 * One frame of a {@link FutureCallGraph}'s call stack: where a function or coroutine is. Python's
 * {@code asyncio.FrameCallGraphEntry} (3.14), whose {@code frame} is a frame object; here it is the
 * frame's source location, and {@link #kind()} says what Python reads from {@code f_generator}.
 *
 * @param frame the class, method, source file and line. Not null. For a suspended coroutine the
 *     line is the one it is suspended at; for a frame on the current thread's stack, the line it
 *     is executing.
 * @param kind what runs there. Not null.
 */
public record FrameCallGraphEntry(StackTraceElement frame, Kind kind) {
  /**
   * What a call-graph frame runs: the tag {@link Asyncio#formatCallGraph} prints before it. Python
   * tells the kinds apart by the type of {@code frame.f_generator} (none, coroutine, async
   * generator, generator).
   */
  public enum Kind {
    /** A plain method on the current thread's stack (Python: a frame with no generator). */
    FUNCTION(""),
    /** A {@code @Coroutine} returning {@link Coro} (Python: {@code async def}). */
    COROUTINE("async "),
    /** A {@code @Coroutine} returning {@link AsyncGenerator} (Python: an async generator). */
    ASYNC_GENERATOR("async generator "),
    /** A {@code @Coroutine} returning {@link Generator} (Python: a generator). */
    GENERATOR("generator ");

    private final String tag;

    Kind(String tag) {
      this.tag = tag;
    }

    /** The words printed before the method name, with a trailing space; empty for a function. */
    String tag() {
      return tag;
    }
  }

  /**
   * Creates an entry.
   *
   * @param frame the location. Not null.
   * @param kind what runs there. Not null.
   */
  public FrameCallGraphEntry {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(kind, "kind");
  }
}
