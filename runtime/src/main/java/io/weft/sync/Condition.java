package io.weft.sync;

import io.weft.Awaitable;
import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import io.weft.sync.FifoWaiters.Waiter;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks: Python's {@code asyncio.Condition}, with Python 3.13's
 * cancellation rules. Tasks holding its lock wait in {@link #await()} until another task holding
 * the lock signals them; the lock is released while they wait and held again when they return.
 *
 * <p><b>Naming:</b> {@link Object#wait()}, {@code notify()} and {@code notifyAll()} are final in
 * Java, so Python's {@code wait()}, {@code notify(n)} and {@code notify_all()} are {@link
 * #await()}, {@link #signal(int)} and {@link #signalAll()}, the words of {@code
 * java.util.concurrent.locks.Condition}; {@code wait_for(predicate)} is {@link
 * #waitFor(BooleanSupplier)}.
 *
 * <p>The lock is the condition's own, or one shared with other conditions ({@link
 * #Condition(Lock)}); {@link #acquire()}, {@link #release()}, {@link #locked()} and {@link
 * #run(Awaitable)} are the lock's. Python's
 *
 * <pre>
 *   async with cond:
 *       await cond.wait_for(lambda: ready)
 * </pre>
 *
 * is {@code await(cond.run(consume(cond)))} with {@code await(cond.waitFor(() -> ready))} in the
 * body, or the explicit {@code await(cond.acquire()); try { ... } finally { cond.release(); }}.
 *
 * <p><b>Signals survive cancellation.</b> {@link #await()} always holds the lock again before it
 * returns or raises, even when cancelled (it re-raises the cancellation once the lock is held).
 * A waiter that leaves with an error, a cancellation arriving after it was signalled included,
 * signals the next waiter in its place, so a signal is never lost; the price is an occasional
 * spurious wake-up, which condition variables allow. See {@code docs/sync.md}.
 *
 * <p><b>Thread:</b> the loop's thread only. The condition binds to the loop of the first task
 * that waits on it (its lock binds separately, to the first task that has to wait for it).
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final FifoWaiters waiters = new FifoWaiters();

  /** Creates a condition with a new lock of its own. Python's {@code asyncio.Condition()}. */
  public Condition() {
    this(new Lock());
  }

  /**
   * Creates a condition over {@code lock}, which may be shared with other conditions. Python's
   * {@code asyncio.Condition(lock)}.
   *
   * @param lock the lock. Not null.
   */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "Condition lock: use new Condition() for its own");
  }

  /**
   * Returns a coroutine that acquires the condition's lock: {@link Lock#acquire()}. Python's
   * {@code Condition.acquire()}.
   *
   * @return a coroutine evaluating to true once the lock is held
   */
  public Coro<Boolean> acquire() {
    return lock.acquire();
  }

  /**
   * Releases the condition's lock: {@link Lock#release()}. Python's {@code Condition.release()}.
   *
   * @throws IllegalStateException "Lock is not acquired" when the lock is not locked
   */
  public void release() {
    lock.release();
  }

  /**
   * Returns whether the condition's lock is held: {@link Lock#locked()}. Python's {@code
   * Condition.locked()}.
   *
   * @return true when locked
   */
  public boolean locked() {
    return lock.locked();
  }

  /**
   * Returns a coroutine that runs {@code body} holding the condition's lock, inside the task that
   * awaits it: {@link Lock#run(Awaitable)}. Python's {@code async with cond: body}.
   *
   * @param body what {@code async with} encloses: a coroutine or a future. Not null.
   * @param <T> the body's result type
   * @return a coroutine evaluating to the body's value, or raising what the body raised
   */
  public <T> Coro<T> run(Awaitable<T> body) {
    return lock.run(body);
  }

  /**
   * Returns a coroutine that releases the lock, waits until signalled, and holds the lock again.
   * Python's {@code Condition.wait()}. The caller must hold the lock.
   *
   * <p><b>Suspends</b> always: until signalled, then until the lock is free for it (FIFO, as
   * {@link Lock#acquire()}). It may return without a signal (a spurious wake-up passed on by a
   * cancelled waiter), so callers re-check their state, or use {@link #waitFor}.
   * <b>Cancellation:</b> a cancellation point; whenever the error comes (while waiting for the
   * signal, after being signalled, or while taking the lock back), the lock is held again before
   * the error is raised, the same CancelledError instance as received (the last one, when the
   * re-acquire was cancelled too), and the next waiter is signalled in its place.
   *
   * @return a coroutine evaluating to true once signalled and holding the lock
   * @throws IllegalStateException (when awaited) "cannot wait on un-acquired lock" when the lock
   *     is not held; "... is bound to a different event loop" when tasks of another loop already
   *     waited on this condition (the lock is then still held)
   */
  @SuppressWarnings("unchecked")
  public Coro<Boolean> await() {
    return (Coro<Boolean>) (Coro<?>) new Wait();
  }

  /**
   * Returns a coroutine that waits until {@code predicate} is true: Python's {@code
   * Condition.wait_for(predicate)}. The predicate is evaluated first, and again after every
   * wake-up, with the lock held; the coroutine returns as soon as it is true.
   *
   * <p><b>Suspends</b> as {@link #await()} does, as many times as the predicate is false after
   * a wake-up; not at all when it is true at once (then the lock need not be held).
   * <b>Cancellation:</b> as {@link #await()}: the lock is held again when it raises.
   *
   * @param predicate what to wait for; called on the loop's thread with the lock held. Not null.
   * @return a coroutine evaluating to true, the predicate's last value
   * @throws IllegalStateException (when awaited) "cannot wait on un-acquired lock" when it has to
   *     wait and the lock is not held
   */
  @SuppressWarnings("unchecked")
  public Coro<Boolean> waitFor(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "Condition.waitFor() predicate");
    return (Coro<Boolean>) (Coro<?>) new WaitFor(predicate);
  }

  /**
   * Wakes one waiting task, if any: {@code signal(1)}. Python's {@code Condition.notify()}.
   *
   * @throws IllegalStateException "cannot notify on un-acquired lock" when the lock is not held
   */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes the {@code n} longest-waiting tasks that are not already woken (all of them when fewer
   * wait). Python's {@code Condition.notify(n)}. Never suspends; the lock stays held, and each
   * woken task returns from its wait only once it gets the lock, after the caller releases it.
   *
   * @param n how many to wake; 0 or less wakes none, as in Python
   * @throws IllegalStateException "cannot notify on un-acquired lock" when the lock is not held
   */
  public void signal(int n) {
    if (!lock.locked()) {
      throw new IllegalStateException(
          "cannot notify on un-acquired lock: acquire the condition (or its lock) first");
    }
    waiters.wake(n);
  }

  /**
   * Wakes every waiting task. Python's {@code Condition.notify_all()}.
   *
   * @throws IllegalStateException "cannot notify on un-acquired lock" when the lock is not held
   */
  public void signalAll() {
    signal(waiters.size());
  }

  /**
   * Returns a snapshot of the condition's state, for tests and monitoring. A Weft addition
   * (Trio's {@code Condition.statistics()}).
   *
   * @return the snapshot
   */
  public Statistics statistics() {
    return new Statistics(waiters.size(), lock.statistics());
  }

  /**
   * A snapshot of a condition. A Weft addition.
   *
   * @param waiting how many tasks were waiting for a signal: Python's {@code
   *     len(cond._waiters)}, which counts a task already signalled or cancelled until it runs
   *     again (tasks taking the lock back after a signal are counted by the lock)
   * @param lock the lock's snapshot
   */
  public record Statistics(int waiting, Lock.Statistics lock) {}

  @Override
  public String toString() {
    String extra = lock.locked() ? "locked" : "unlocked";
    int n = waiters.size();
    return Primitives.repr(this, n > 0 ? extra + ", waiters:" + n : extra);
  }

  /**
   * {@code await()} as a frame: Python 3.13's {@code Condition.wait}.
   *
   * <pre>
   *  label 0  lock held? else raise; bind the loop; release the lock; queue a waiter; await it
   *  label 1  leave the queue, remember any error; await lock.acquire()
   *  label 2  cancelled while re-acquiring? remember that error, await lock.acquire() again
   *           lock held: no error? return true; else signal the next waiter and raise
   * </pre>
   */
  private final class Wait extends CoroFrame {
    private Waiter waiter;
    /** The error to raise once the lock is held again; the latest cancellation wins. */
    private Throwable error;

    @Override
    public String toString() {
      return Primitives.frameRepr("Condition.await()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (!lock.locked()) {
            throw new IllegalStateException(
                "cannot wait on un-acquired lock: acquire the condition (or its lock) first");
          }
          EventLoop loop = getLoop(); // before releasing: a wrong loop leaves the lock held
          lock.release();
          waiter = waiters.add(loop);
          value = waiter;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            resumeValue();
          } catch (Throwable t) {
            error = t;
          } finally {
            waiters.remove(waiter);
            waiter = null;
          }
          return reacquire();
        case 2:
          try {
            resumeValue();
          } catch (CancelledError cancelled) {
            // The lock must be held again before anything leaves wait(): try again, and raise
            // this latest cancellation once it is held (Python re-raises the most recent one).
            error = cancelled;
            return reacquire();
          } catch (Throwable other) {
            // Not a cancellation: a fatal error, raised at once rather than spinning on it.
            passOn();
            throw other;
          }
          Throwable e = error;
          if (e != null) {
            error = null;
            passOn();
            throw Primitives.sneaky(e);
          }
          return Boolean.TRUE;
        default:
          throw new IllegalStateException("Condition.await() resumed at unknown label " + label);
      }
    }

    private Object reacquire() {
      value = lock.acquire();
      label = 2;
      return Frame.AWAIT;
    }

    /**
     * We may have been signalled before the error came: hand one signal to the next waiter so it
     * is not lost (Python 3.13's {@code _notify(1)} in {@code except BaseException}).
     */
    private void passOn() {
      waiters.wake(1);
    }
  }

  /**
   * {@code waitFor(predicate)} as a frame: Python's {@code while not predicate(): await
   * self.wait()}.
   *
   * <pre>
   *  label 0  predicate true? return true; else await a wait()
   *  label 1  predicate true? return true; else await another wait()
   * </pre>
   */
  private final class WaitFor extends CoroFrame {
    private final BooleanSupplier predicate;

    WaitFor(BooleanSupplier predicate) {
      this.predicate = predicate;
    }

    @Override
    public String toString() {
      return Primitives.frameRepr("Condition.waitFor()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
        case 1:
          resumeValue();
          if (predicate.getAsBoolean()) {
            return Boolean.TRUE;
          }
          value = new Wait();
          label = 1;
          return Frame.AWAIT;
        default:
          throw new IllegalStateException("Condition.waitFor() resumed at unknown label " + label);
      }
    }
  }
}
