package io.weft.management;

import java.util.List;

/**
 * One event loop in a {@link AsyncioMXBean} snapshot (a JMX composite value): what Python 3.14's
 * {@code python -m asyncio ps PID} reads for one thread's loop (an {@code AwaitedInfo} of
 * CPython's {@code _remote_debugging}: the thread id and its tasks).
 */
public interface EventLoopInfo {
  /**
   * Returns the name of the thread running the loop.
   *
   * @return the name; empty when the loop is not running
   */
  String getThreadName();

  /**
   * Returns the id of the thread running the loop ({@link Thread#getId()}).
   *
   * @return the id; -1 when the loop is not running
   */
  long getThreadId();

  /**
   * Returns whether the loop was running when the snapshot was taken.
   *
   * @return true while it runs
   */
  boolean isRunning();

  /**
   * Returns whether the tasks were read between two callbacks on the loop's thread (or while it
   * did not run); false when a callback kept the loop busy and they were read from another
   * thread, so that one task may be caught mid-step.
   *
   * @return whether the snapshot is consistent
   */
  boolean isConsistent();

  /**
   * Returns the loop's unfinished tasks.
   *
   * @return the tasks, oldest first
   */
  List<TaskInfo> getTasks();
}
