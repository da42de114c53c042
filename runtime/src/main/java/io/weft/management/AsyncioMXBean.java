package io.weft.management;

import java.util.List;

/**
 * The task dump of every live event loop of this JVM, over JMX. Registered once per JVM (per copy
 * of the Weft runtime) as {@value #OBJECT_NAME} the first time an event loop runs; a second copy
 * of the runtime in other class loaders registers {@code io.weft:type=Asyncio,id=N}. Python has no
 * JMX: its {@code python -m asyncio ps PID} reads the process's memory instead (3.14).
 *
 * <p><b>Consistency.</b> A running loop's tasks are read on the loop's own thread, through {@code
 * callSoonThreadsafe}, between two callbacks, so the picture is consistent; when the loop does not
 * get there within a second (a callback blocks it), they are read from the JMX thread while the
 * loop runs, and {@link EventLoopInfo#isConsistent()} says so. Loops that were closed or garbage
 * collected are not listed.
 *
 * <p><b>Thread:</b> any; each call takes a new snapshot.
 */
public interface AsyncioMXBean {
  /** The MXBean's name. */
  String OBJECT_NAME = "io.weft:type=Asyncio";

  /**
   * Returns a snapshot of every live loop and its unfinished tasks. The JMX attribute {@code
   * EventLoops}.
   *
   * @return one entry per loop, in the order they first ran
   */
  List<EventLoopInfo> getEventLoops();

  /**
   * Returns the same snapshot as text, for people: per loop a header line ({@code Event loop
   * running on thread 'main', 3 tasks}), then per task its {@code * Task(name=..., id=...)} line
   * and state, its call stack (innermost first, {@code C.m File.java:line}) and the tasks awaiting
   * it, each with the line it awaits at.
   *
   * @return the text
   */
  String dumpTasks();
}
