package io.weft.tools;

import java.util.List;

/**
 * What the tools read from a process: its event loops and their tasks, as the target's {@code
 * io.weft:type=Asyncio} MXBean reports them ({@code io.weft.management.EventLoopInfo} and friends,
 * received as JMX open data). Python's {@code _remote_debugging} results ({@code AwaitedInfo},
 * {@code TaskInfo}, {@code CoroInfo}).
 */
final class Snapshot {
  private Snapshot() {}

  /**
   * One event loop.
   *
   * @param threadName the thread running it; empty when it was not running
   * @param consistent false when its tasks were read while a callback blocked it
   * @param tasks its unfinished tasks, oldest first
   */
  record Loop(String threadName, boolean consistent, List<Task> tasks) {}

  /**
   * One task.
   *
   * @param id its id, unique in the snapshot
   * @param name its name
   * @param state "pending", "running" or "cancelling"
   * @param stack where it is suspended, innermost first, each {@code "C.m File.java:line"}
   * @param awaitedBy the tasks waiting for it
   */
  record Task(long id, String name, String state, List<String> stack, List<Awaiter> awaitedBy) {}

  /**
   * A task waiting for another.
   *
   * @param taskId the waiting task's id
   * @param taskName the waiting task's name
   * @param stack where the waiting task is suspended, innermost first
   */
  record Awaiter(long taskId, String taskName, List<String> stack) {}
}
