package io.weft.management;

import java.util.List;

/**
 * A task waiting for a {@link TaskInfo}'s task (a JMX composite value): one entry of the {@code
 * awaited_by} list that Python 3.14's {@code python -m asyncio pstree PID} reads for each task
 * (a {@code CoroInfo} of CPython's {@code _remote_debugging}).
 */
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
