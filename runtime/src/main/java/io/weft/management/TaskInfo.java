package io.weft.management;

import java.util.List;

/**
 * One task in an {@link EventLoopInfo} (a JMX composite value): a row of Python 3.14's {@code
 * python -m asyncio ps PID} (a {@code TaskInfo} of CPython's {@code _remote_debugging}: task id,
 * name, coroutine stack, awaiters).
 */
public interface TaskInfo {
  /**
   * Returns the task's id: the {@code id=0x...} of {@code Asyncio.formatCallGraph} (its identity
   * hash code), unique within one snapshot.
   *
   * @return the id
   */
  long getId();

  /**
   * Returns the task's name ({@code Task.getName()}).
   *
   * @return the name
   */
  String getName();

  /**
   * Returns {@code "running"} for the task whose step is running, {@code "cancelling"} for a task
   * with cancellation requests ({@code Task.cancelling() > 0}), else {@code "pending"}.
   *
   * @return the state
   */
  String getState();

  /**
   * Returns the coroutines the task is suspended in, innermost first, each as {@code "C.m
   * File.java:line"} (Python's {@code "funcname filename:lineno"}; {@code C} is the class's name
   * without its package).
   *
   * @return the stack; empty for a task whose coroutine is not woven
   */
  List<String> getCoroutineStack();

  /**
   * Returns the tasks waiting for this one: awaiting it, gathering, shielding or {@code wait}ing
   * on it, or running the {@code TaskGroup} it belongs to.
   *
   * @return the awaiters, in the order they started to wait
   */
  List<AwaiterInfo> getAwaitedBy();
}
