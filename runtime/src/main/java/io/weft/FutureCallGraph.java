package io.weft;

import java.util.List;
import java.util.Objects;

/**
 * The async call graph of one future: what it is running (a task's await chain) and who awaits
 * it. Python's {@code asyncio.FutureCallGraph} (3.14), returned by {@link
 * Asyncio#captureCallGraph}.
 *
 * @param future the future or task. Not null.
 * @param callStack the frames the task is suspended in, innermost first (the order of a Java stack
 *     trace and of Python's); empty for a plain future and a finished task. Unmodifiable.
 * @param awaitedBy the graphs of the tasks waiting for this future: awaiting it, gathering,
 *     shielding or {@code wait}ing on it, or the task a {@link TaskGroup} child belongs to.
 *     Unmodifiable.
 */
public record FutureCallGraph(
    Future<?> future, List<FrameCallGraphEntry> callStack, List<FutureCallGraph> awaitedBy) {
  /**
   * Creates a graph node. The lists are kept as given: pass unmodifiable ones.
   *
   * @param future the future. Not null.
   * @param callStack innermost first. Not null.
   * @param awaitedBy the awaiters' graphs. Not null.
   */
  public FutureCallGraph {
    Objects.requireNonNull(future, "future");
    Objects.requireNonNull(callStack, "callStack");
    Objects.requireNonNull(awaitedBy, "awaitedBy");
  }
}
