package io.weft.sync;

import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.sync.FifoWaiters.Waiter;

/**
 * A mutual-exclusion lock for tasks: Python's {@code asyncio.Lock}. It is not owned by a task:
 * any task may release it, as in asyncio.
 *
 * <p>Python's {@code async with lock: body} is {@code await(lock.run(body()))}; the explicit form
 * is the same as Python's:
 *
 * <pre>{@code
 * await(lock.acquire());
 * try {
 *   ...
 * } finally {
 *   lock.release();
 * }
 * }</pre>
 *
 * <p><b>Fairness:</b> strictly FIFO. {@link #acquire()} takes a free lock at once only when no
 * task is queued for it (or every queued task was cancelled); otherwise it queues behind them,
 * so a task arriving late never overtakes one that is waiting, even in the loop pass between a
 * {@link #release()} and the woken task running. {@link #release()} wakes only the first queued
 * task.
 *
 * <p><b>Cancellation never loses the lock:</b> a queued task that is cancelled leaves the queue
 * and, if the lock is free, wakes the task now first in line, so a wake-up given to a task
 * cancelled in the same loop pass is passed on, never lost. See {@code docs/sync.md}.
 *
 * <pre>
 *  state      locked()   acquire()                       release()
 *  unlocked   false      takes it (no live waiters) or    IllegalStateException
 *                        queues (some waiter not
 *                        cancelled: it goes first)
 *  locked     true       queues                          unlocked; wakes the first waiter
 * </pre>
 *
 * <p><b>Thread:</b> the loop's thread only, like every asyncio primitive. The lock binds to the
 * loop of the first task that has to wait for it.
 */
public final class Lock extends Acquirable {
  private boolean locked;

  /** Creates an unlocked lock, bound to no loop yet. Python's {@code asyncio.Lock()}. */
  public Lock() {}

  /**
   * Returns a coroutine that acquires the lock, waiting while it is locked. Python's {@code
   * Lock.acquire()}.
   *
   * <p><b>Suspends</b> only when the lock is locked or other tasks are queued for it; a free,
   * uncontended lock is taken without suspending. <b>Fair:</b> FIFO. <b>Cancellation:</b> a
   * cancellation point while queued; a cancelled acquire does not hold the lock, and if the lock
   * is free it wakes the next waiter (also when the cancellation came after this task was
   * already woken). The CancelledError is raised as it is.
   *
   * @return a coroutine evaluating to true once the lock is held
   * @throws IllegalStateException (when awaited and it has to wait) "... is bound to a different
   *     event loop" when tasks of another loop already waited on this lock
   */
  public Coro<Boolean> acquire() {
    return newAcquire();
  }

  /**
   * Returns a coroutine that runs {@code body} holding the lock, inside the task that awaits it:
   * Python's {@code async with lock: body}.
   *
   * <p>Acquires as {@link #acquire()} does, then awaits the body in the same task (a coroutine is
   * not wrapped in a new task), then releases the lock whatever happened: the body returned,
   * raised, or its task was cancelled inside it. If the acquire itself is cancelled the body
   * never runs (a coroutine body is closed) and nothing is released.
   *
   * @param body what {@code async with} encloses: a coroutine or a future. Not null.
   * @param <T> the body's result type
   * @return a coroutine evaluating to the body's value, or raising what the body raised
   */
  public <T> Coro<T> run(Awaitable<T> body) {
    return newBlock(body, "Lock.run() body");
  }

  /**
   * Releases the lock and wakes the first queued task, if any. Python's {@code Lock.release()}.
   * Never suspends; any task (or plain code on the loop's thread) may call it.
   *
   * @throws IllegalStateException "Lock is not acquired" when the lock is not locked
   */
  @Override
  public void release() {
    if (!locked) {
      throw new IllegalStateException(
          "Lock is not acquired: release() must follow a successful acquire()");
    }
    locked = false;
    wakeUpFirst();
  }

  /**
   * Returns whether the lock is held. Python's {@code Lock.locked()}.
   *
   * @return true when locked
   */
  public boolean locked() {
    return locked;
  }

  /**
   * Returns a snapshot of the lock's state, for tests and monitoring. A Weft addition (Trio's
   * {@code Lock.statistics()}).
   *
   * @return the snapshot
   */
  public Statistics statistics() {
    return new Statistics(locked, waiting());
  }

  /**
   * A snapshot of a lock. A Weft addition.
   *
   * @param locked whether the lock was held
   * @param waiting how many tasks were queued in {@code acquire()}: Python's {@code
   *     len(lock._waiters)}, which counts a task already woken or cancelled until it runs again
   */
  public record Statistics(boolean locked, int waiting) {}

  // Python's fast path: free, and nobody queued who is still interested.
  @Override
  boolean tryAcquire() {
    if (!locked && (waiters == null || waiters.allCancelled())) {
      locked = true;
      return true;
    }
    return false;
  }

  @Override
  void acquired(Waiter waiter, Throwable error) {
    waiters.remove(waiter);
    if (error != null) {
      // Whether we were woken or not, we will not take the lock: if it is free, make sure the
      // task now first in line runs, or the wake-up release() gave us would be lost. CPython does
      // this for CancelledError only; any error (GeneratorExit from close()) gets the same care.
      if (!locked) {
        wakeUpFirst();
      }
      throw Primitives.sneaky(error);
    }
    // release() woke us and nobody could take the lock since: the fast path refuses while we,
    // woken and not cancelled, are queued.
    locked = true;
  }

  /** Python's {@code _wake_up_first}: a first waiter already done is already on its way. */
  private void wakeUpFirst() {
    if (waiters == null) {
      return;
    }
    Waiter first = waiters.first();
    if (first != null && !first.done()) {
      first.setResult(Boolean.TRUE);
    }
  }

  @Override
  public String toString() {
    String extra = locked ? "locked" : "unlocked";
    int n = waiting();
    return Primitives.repr(this, n > 0 ? extra + ", waiters:" + n : extra);
  }
}
