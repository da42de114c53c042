package io.weft.sync;

import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.internal.CoroFrame;
import io.weft.internal.EagerCoroFrame;
import io.weft.internal.Frame;
import io.weft.sync.FifoWaiters.Waiter;
import java.util.Objects;

/**
 * What {@link Lock} and {@link Semaphore} share: a FIFO of waiter futures, an {@code acquire()}
 * coroutine and the {@code async with} block. Python's {@code _ContextManagerMixin} plus the
 * common shape of {@code Lock.acquire} and {@code Semaphore.acquire}; each subclass supplies the
 * three rules that differ ({@link #tryAcquire}, {@link #acquired}, {@link #release}).
 *
 * <p>Both coroutines are hand-written frames because the runtime is not woven. The uncontended
 * path allocates the frame and nothing else, and returns without suspending.
 */
abstract class Acquirable extends LoopBound {
  /** The waiting tasks' futures; null until somebody has to wait, as CPython's {@code None}. */
  FifoWaiters waiters;

  Acquirable() {}

  /**
   * Takes the primitive at once if the fairness rules allow it (Python's fast path of {@code
   * acquire}); never waits, never binds a loop.
   *
   * @return true when taken
   */
  abstract boolean tryAcquire();

  /**
   * Finishes an acquisition that had to wait, once the waiting task runs again: removes {@code
   * waiter} from the queue, then either takes the primitive ({@code error} null: it was woken)
   * or does the bookkeeping that keeps a wake-up from being lost and raises {@code error}.
   * Python's code after {@code await fut} in {@code acquire}.
   *
   * @param waiter the waiter the task waited on
   * @param error what the wait raised (usually CancelledError), or null when it was woken
   */
  abstract void acquired(Waiter waiter, Throwable error);

  /**
   * Releases the primitive and wakes the next waiter. See the subclasses.
   */
  public abstract void release();

  /** Queues a new waiter on the running loop, binding this primitive to it. */
  final Waiter enqueue() {
    EventLoop loop = getLoop();
    FifoWaiters q = waiters;
    if (q == null) {
      waiters = q = new FifoWaiters();
    }
    return q.add(loop);
  }

  /** The number of queued waiters (Python's {@code len(self._waiters)}). */
  final int waiting() {
    return waiters == null ? 0 : waiters.size();
  }

  /** The coroutine {@code acquire()} returns. */
  @SuppressWarnings("unchecked")
  final Coro<Boolean> newAcquire() {
    return (Coro<Boolean>) (Coro<?>) new Acquire(this);
  }

  /** The coroutine {@code run(body)} returns. */
  @SuppressWarnings("unchecked")
  final <T> Coro<T> newBlock(Awaitable<T> body, String what) {
    Objects.requireNonNull(body, what);
    return (Coro<T>) (Coro<?>) new Block(this, body);
  }

  /**
   * {@code acquire()} as a frame.
   *
   * <pre>
   *  label 0  free by the fairness rules? take it and return true (no suspension)
   *           else queue a waiter and await it
   *  label 1  acquired(waiter, outcome): take it and return true, or raise
   * </pre>
   */
  static final class Acquire extends EagerCoroFrame {
    private final Acquirable owner;
    private Waiter waiter;

    Acquire(Acquirable owner) {
      this.owner = owner;
    }

    /** Free by the fairness rules: label 0 would take it and return true at once. */
    @Override
    protected Object tryNow() {
      return owner.tryAcquire() ? Boolean.TRUE : NOT_NOW;
    }

    @Override
    public String toString() {
      return Primitives.frameRepr(owner.getClass().getSimpleName() + ".acquire()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (owner.tryAcquire()) {
            return Boolean.TRUE;
          }
          waiter = owner.enqueue();
          value = waiter;
          label = 1;
          return Frame.AWAIT;
        case 1:
          Waiter w = waiter;
          waiter = null;
          Throwable error = null;
          try {
            resumeValue();
          } catch (Throwable t) {
            error = t;
          }
          owner.acquired(w, error);
          return Boolean.TRUE;
        default:
          throw new IllegalStateException("acquire() resumed at unknown label " + label);
      }
    }
  }

  /**
   * The {@code async with} block as a frame: acquire, run the body in the same task, release.
   * Python's {@code __aenter__}, body, {@code __aexit__}.
   *
   * <pre>
   *  label 0  tryAcquire()? go to the body; else queue a waiter and await it
   *  label 1  acquired(waiter, outcome); if that raised, close the body unrun and raise
   *  body     await the body (a coroutine is delegated to, in the same task)
   *  label 2  release(), whatever the body did (returned, raised, was cancelled or closed);
   *           return its value or raise its error
   * </pre>
   */
  static final class Block extends CoroFrame {
    private final Acquirable owner;
    private Awaitable<?> body;
    private Waiter waiter;

    Block(Acquirable owner, Awaitable<?> body) {
      this.owner = owner;
      this.body = body;
    }

    @Override
    public String toString() {
      return Primitives.frameRepr(owner.getClass().getSimpleName() + ".run()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (owner.tryAcquire()) {
            return enterBody();
          }
          try {
            waiter = owner.enqueue();
          } catch (RuntimeException wrongLoop) {
            closeBody(wrongLoop);
            throw wrongLoop;
          }
          value = waiter;
          label = 1;
          return Frame.AWAIT;
        case 1:
          Waiter w = waiter;
          waiter = null;
          Throwable error = null;
          try {
            resumeValue();
          } catch (Throwable t) {
            error = t;
          }
          try {
            owner.acquired(w, error);
          } catch (Throwable notAcquired) {
            closeBody(notAcquired);
            throw notAcquired;
          }
          return enterBody();
        case 2:
          try {
            return resumeValue();
          } finally {
            owner.release();
          }
        default:
          throw new IllegalStateException("run() block resumed at unknown label " + label);
      }
    }

    private Object enterBody() {
      value = body;
      body = null;
      label = 2;
      return Frame.AWAIT;
    }

    /**
     * The body never ran: close it (in Python's {@code async with} it would not exist yet). What
     * closing raises is attached to {@code primary}, which stays the error to raise.
     */
    private void closeBody(Throwable primary) {
      Awaitable<?> b = body;
      body = null;
      if (b instanceof Coro) {
        try {
          ((Coro<?>) b).close();
        } catch (Throwable t) {
          primary.addSuppressed(t);
        }
      }
    }
  }
}
