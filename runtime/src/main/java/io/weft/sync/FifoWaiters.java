package io.weft.sync;

import io.weft.EventLoop;
import io.weft.Future;

/**
 * The queue of waiter futures behind {@link Lock}, {@link Event}, {@link Condition} and {@link
 * Semaphore}: Python's {@code self._waiters} deque of futures.
 *
 * <p>As in CPython, a waiter stays in the queue from the moment its task starts waiting until
 * that task runs again, whatever woke it: being woken (its future completed) or cancelled only
 * marks it done, and the task removes its own entry when it resumes. So "woken but not yet run"
 * waiters are still counted, which is what the fairness rules of the primitives look at.
 *
 * <p>Unlike the deque, the queue is intrusive: each waiter future carries its own links, so a
 * waiter leaving from the middle (a cancelled one) costs O(1), not a scan, and many waiters
 * cancelled at once cost O(n) in all rather than O(n²).
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
final class FifoWaiters {
  /** One waiting task's future, linked into one queue. */
  static final class Waiter extends Future<Boolean> {
    Waiter prev;
    Waiter next;
    boolean linked;

    Waiter(EventLoop loop) {
      super(loop);
    }
  }

  private Waiter head;
  private Waiter tail;
  private int size;

  /**
   * Appends a new pending waiter bound to {@code loop}.
   *
   * @param loop the loop the waiting task runs on (from {@link LoopBound#getLoop()})
   * @return the waiter, last in the queue
   */
  Waiter add(EventLoop loop) {
    Waiter w = new Waiter(loop);
    w.prev = tail;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    w.linked = true;
    size++;
    return w;
  }

  /**
   * Unlinks {@code w}; does nothing when it is not in the queue any more. Python's {@code
   * self._waiters.remove(fut)} in the waiter's {@code finally}.
   */
  void remove(Waiter w) {
    if (!w.linked) {
      return;
    }
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
    w.linked = false;
    size--;
  }

  /** How many waiters are queued, woken-but-not-yet-run and cancelled ones included. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The oldest waiter, or null. */
  Waiter first() {
    return head;
  }

  /** Whether every queued waiter is cancelled (true when empty): Python's {@code all(w.cancelled() ...)}. */
  boolean allCancelled() {
    for (Waiter w = head; w != null; w = w.next) {
      if (!w.cancelled()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Completes the first {@code n} waiters that are not done yet, oldest first; waiters already
   * woken or cancelled are skipped and not counted. Python's {@code Condition._notify(n)} and,
   * with {@code n} = size, {@code Event.set()}.
   *
   * @return how many were woken
   */
  int wake(int n) {
    int woken = 0;
    for (Waiter w = head; w != null && woken < n; w = w.next) {
      if (!w.done()) {
        w.setResult(Boolean.TRUE);
        woken++;
      }
    }
    return woken;
  }
}
