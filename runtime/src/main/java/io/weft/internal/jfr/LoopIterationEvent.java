package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One pass of an event loop (Python's {@code _run_once}): how long it waited for I/O or timers,
 * how many callbacks and task steps it ran, how many timers fell due, how many remain. Off by
 * default; with a threshold it records only the long passes.
 */
@Name("io.weft.LoopIteration")
@Label("Loop Iteration")
@Category({"Weft", "Event Loop"})
@Description("One pass of an event loop: wait, then run what is ready")
@Enabled(false)
@StackTrace(false)
public final class LoopIterationEvent extends Event {
  /** The loop, as its toString. */
  @Label("Loop")
  public String loop;

  /** Nanoseconds spent waiting in select (or jumping virtual time) before running callbacks. */
  @Label("Waited")
  @Timespan(Timespan.NANOSECONDS)
  public long waited;

  /** Callbacks and task steps run in this pass. */
  @Label("Ran")
  public int ran;

  /** Timers that fell due in this pass. */
  @Label("Timers Due")
  public int timersDue;

  /** Timers still scheduled after this pass. */
  @Label("Timers Scheduled")
  public int timersScheduled;
}
