package io.weft.management;

import java.util.List;

/** A task waiting for a {@link TaskInfo}'s task (a JMX composite value). */
public interface AwaiterInfo {
  /**
   * Returns the waiting task's {@link TaskInfo#getId() id}.
   *
   * @return the id
   */
  long getTaskId();

  /**
   * Returns the waiting task's name.
   *
   * @return the name
   */
  String getTaskName();

  /**
   * Returns where the waiting task is suspended, innermost first, as {@link
   * TaskInfo#getCoroutineStack()}.
   *
   * @return the stack
   */
  List<String> getCallStack();
}
