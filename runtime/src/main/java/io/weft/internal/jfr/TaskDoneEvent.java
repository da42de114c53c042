package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task finished: returned, raised or was cancelled. Off by default. */
@Name("io.weft.TaskDone")
@Label("Task Done")
@Category({"Weft", "Tasks"})
@Description("A task finished: its outcome and the exception it raised, if any")
@Enabled(false)
@StackTrace(false)
public final class TaskDoneEvent extends Event {
  /** The task's name. */
  @Label("Task")
  public String task;

  /** {@code result}, {@code exception} or {@code cancelled}. */
  @Label("Outcome")
  public String outcome;

  /** The exception's class and message when the outcome is {@code exception}, else null. */
  @Label("Exception")
  public String exception;
}
