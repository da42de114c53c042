package io.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task was created: Python's {@code loop.create_task}. Off by default. */
@Name("io.weft.TaskCreated")
@Label("Task Created")
@Category({"Weft", "Tasks"})
@Description("A task was created on an event loop")
@Enabled(false)
@StackTrace(false)
public final class TaskCreatedEvent extends Event {
  /** The task's name, e.g. {@code Task-12}. */
  @Label("Task")
  public String task;

  /** The coroutine the task runs: its class name (the woven method). */
  @Label("Coroutine")
  public String coroutine;

  /** The loop's identity, as in its toString. */
  @Label("Loop")
  public String loop;
}
