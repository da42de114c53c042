package io.weft.sync;

import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.sync.FifoWaiters.Waiter;

/**
 * A counter of permits for tasks: Python's {@code asyncio.Semaphore}, with Python 3.12's
 * wake-up rules. {@link #acquire()} takes a permit, waiting while there is none; {@link
 * #release()} returns one. Releasing more than was acquired is allowed and raises the count;
 * {@link BoundedSemaphore} refuses it.
 *
 * <p>Python's {@code async with sem: body} is {@code await(sem.run(body()))}; the explicit form
 * is {@code await(sem.acquire()); try { ... } finally { sem.release(); }}.
 *
 * <p><b>Fairness:</b> FIFO. A task arriving while others are queued queues behind them even when
 * permits are free ({@link #locked()} is then true), so nobody overtakes a waiter in the loop pass
 * between a {@link #release()} and the woken task running.
 *
 * <p><b>Wake-ups are handed over, never lost nor doubled</b> (Python's {@code _wake_up_next}):
 * {@link #release()} adds a permit and, if a task is queued, takes it back on that task's behalf
 * and wakes it, so the permit is reserved for it. A woken task that is cancelled before it runs
 * gives its reserved permit back; and every task leaving {@code acquire()}, by success or by
 * cancellation, wakes as many queued tasks as there are free permits. See {@code docs/sync.md}.
 *
 * <p><b>Thread:</b> the loop's thread only. The semaphore binds to the loop of the first task
 * that has to wait for it.
 */
public class Semaphore extends Acquirable {
  /** The free permits, minus those reserved for woken waiters that have not run yet. */
  int value;

  /** Creates a semaphore with one permit. Python's {@code asyncio.Semaphore()}. */
  public Semaphore() {
    this(1);
  }

  /**
   * Creates a semaphore with {@code value} permits. Python's {@code asyncio.Semaphore(value)}.
   *
   * @param value the initial number of permits, 0 or more
   * @throws IllegalArgumentException when {@code value} is negative
   */
  public Semaphore(int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "Semaphore initial value must be >= 0, got " + value);
    }
    this.value = value;
  }

  /**
   * Returns whether {@link #acquire()} would have to wait: no permit is free, or a task that was
   * not cancelled is queued (it goes first). Python's {@code Semaphore.locked()}.
   *
   * @return true when an acquire now would wait
   */
  public boolean locked() {
    if (value == 0) {
      return true;
    }
    if (waiters != null) {
      for (Waiter w = waiters.first(); w != null; w = w.next) {
        if (!w.cancelled()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns a coroutine that takes a permit, waiting while none is free. Python's {@code
   * Semaphore.acquire()}.
   *
   * <p><b>Suspends</b> only when {@link #locked()}; otherwise takes a permit without suspending.
   * <b>Fair:</b> FIFO. <b>Cancellation:</b> a cancellation point while queued; a cancelled
   * acquire holds no permit: if it had already been woken, the permit reserved for it goes back
   * and to the next waiter. The CancelledError is raised as it is.
   *
   * @return a coroutine evaluating to true once a permit is held
   * @throws IllegalStateException (when awaited and it has to wait) "... is bound to a different
   *     event loop" when tasks of another loop already waited on this semaphore
   */
  public Coro<Boolean> acquire() {
    return newAcquire();
  }

  /**
   * Returns a coroutine that runs {@code body} holding a permit, inside the task that awaits it:
   * Python's {@code async with sem: body}.
   *
   * <p>Acquires as {@link #acquire()} does, awaits the body in the same task, then releases
   * whatever happened (the body returned, raised, or its task was cancelled inside it). If the
   * acquire itself is cancelled the body never runs (a coroutine body is closed) and nothing is
   * released.
   *
   * @param body what {@code async with} encloses: a coroutine or a future. Not null.
   * @param <T> the body's result type
   * @return a coroutine evaluating to the body's value, or raising what the body raised
   */
  public <T> Coro<T> run(Awaitable<T> body) {
    return newBlock(body, "Semaphore.run() body");
  }

  /**
   * Returns a permit, waking the first queued task that is not already woken or cancelled.
   * Python's {@code Semaphore.release()}. Never suspends.
   */
  @Override
  public void release() {
    value++;
    wakeUpNext();
  }

  /**
   * Returns a snapshot of the semaphore's state, for tests and monitoring. A Weft addition
   * (Trio's {@code Semaphore.statistics()}).
   *
   * @return the snapshot
   */
  public Statistics statistics() {
    return new Statistics(value, waiting());
  }

  /**
   * A snapshot of a semaphore. A Weft addition.
   *
   * @param value Python's {@code _value}: the free permits, not counting those already reserved
   *     for woken tasks that have not run yet
   * @param waiting how many tasks were queued in {@code acquire()}: Python's {@code
   *     len(sem._waiters)}, which counts a task already woken or cancelled until it runs again
   */
  public record Statistics(int value, int waiting) {}

  @Override
  boolean tryAcquire() {
    if (!locked()) {
      value--;
      return true;
    }
    return false;
  }

  @Override
  void acquired(Waiter waiter, Throwable error) {
    waiters.remove(waiter);
    try {
      if (error != null) {
        if (waiter.done() && !waiter.cancelled()) {
          // Woken (a permit was reserved for us) but we will not take it: give it back. CPython
          // does this for CancelledError; any error (GeneratorExit from close()) is treated alike
          // so that no permit is ever lost.
          value++;
        }
        throw Primitives.sneaky(error);
      }
      // Success: wakeUpNext() already took our permit off value when it woke us.
    } finally {
      // Tasks that queued behind us because of FIFO while permits were free (or the permit we
      // just gave back) must not hang: wake as many as there are free permits.
      while (value > 0 && wakeUpNext()) {
        // each call reserves one permit for one woken waiter
      }
    }
  }

  /**
   * Python's {@code _wake_up_next}: reserves a permit for the first waiter not yet done and
   * wakes it.
   *
   * @return false when nobody was waiting to be woken
   */
  private boolean wakeUpNext() {
    if (waiters == null) {
      return false;
    }
    for (Waiter w = waiters.first(); w != null; w = w.next) {
      if (!w.done()) {
        value--;
        w.setResult(Boolean.TRUE);
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    String extra = locked() ? "locked" : "unlocked, value:" + value;
    int n = waiting();
    return Primitives.repr(this, n > 0 ? extra + ", waiters:" + n : extra);
  }
}
