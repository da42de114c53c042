package io.weft;

/**
 * A done callback that a combinator registers on a future on behalf of another future that waits
 * for it: a {@code gather}'s outer future, a {@code shield}'s outer future, the waiter of {@code
 * wait}, the task a {@link TaskGroup} belongs to. The call graph follows it from the future to
 * its awaiter, where Python 3.14 records {@code future_add_to_awaited_by(fut, waiter)}; a task
 * awaiting a future is its callback itself and needs no such link.
 */
interface WaitingCallback {
  /**
   * Returns the future waiting: a {@link Task} is an awaiter itself, another future is followed
   * to the tasks awaiting it.
   *
   * @return the waiting future, or null when there is none (any more)
   */
  Future<?> awaiter();
}
