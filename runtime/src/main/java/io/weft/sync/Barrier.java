package io.weft.sync;

import io.weft.Coro;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.function.BooleanSupplier;

/**
 * A meeting point for a fixed number of tasks: Python's {@code asyncio.Barrier} (3.11). Each
 * task calls {@link #await()}; once {@link #parties()} tasks are waiting they are all released
 * together, each with its own arrival index, and the barrier can be used again.
 *
 * <p><b>Naming:</b> Python's {@code Barrier.wait()} is {@link #await()} here, because {@link
 * Object#wait()} is final in Java; the properties {@code parties}, {@code n_waiting} and {@code
 * broken} are {@link #parties()}, {@link #nWaiting()} and {@link #broken()}. Python's {@code
 * async with barrier as i:} has nothing to release on exit, so it is simply {@code int i =
 * await(barrier.await());}.
 *
 * <pre>
 *  state      meaning                                      await() on arrival
 *  filling    waiting for the parties to arrive           joins; the last to arrive drains
 *  draining   released tasks are leaving                   waits until the barrier refills
 *  resetting  reset() while tasks were inside; they leave  waits until the barrier refills
 *             with BrokenBarrierError
 *  broken     abort() was called                           BrokenBarrierError
 *
 *  filling ─last party arrives─▶ draining ─last task leaves─▶ filling
 *  filling|draining ─reset(), tasks inside─▶ resetting ─last task leaves─▶ filling
 *  any ─reset(), nobody inside─▶ filling        any ─abort()─▶ broken
 * </pre>
 *
 * <p>It is built, as CPython's, on a {@link Condition}: every state change wakes every waiting
 * task, and each re-checks the state when it runs. Tasks waiting when the barrier is reset or
 * aborted get {@link BrokenBarrierError}.
 *
 * <p><b>Thread:</b> the loop's thread only. The barrier binds to the loop of the first task that
 * waits on it.
 */
public final class Barrier extends LoopBound {
  private enum State {
    FILLING("filling"),
    DRAINING("draining"),
    RESETTING("resetting"),
    BROKEN("broken");

    final String text;

    State(String text) {
      this.text = text;
    }
  }

  private final Condition cond = new Condition();
  private final int parties;
  private State state = State.FILLING;
  /** Tasks inside {@code await()}: arrived and not yet left (Python's {@code _count}). */
  private int count;

  /** Python's {@code _block} predicate: the barrier takes arrivals again. */
  private final BooleanSupplier takesArrivals =
      () -> state != State.DRAINING && state != State.RESETTING;

  /** Python's {@code _wait} predicate: the barrier stopped filling (released, reset or broken). */
  private final BooleanSupplier stoppedFilling = () -> state != State.FILLING;

  /**
   * Creates a barrier for {@code parties} tasks. Python's {@code asyncio.Barrier(parties)}.
   *
   * @param parties how many tasks must arrive to release them, 1 or more
   * @throws IllegalArgumentException when {@code parties} is less than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1, got " + parties);
    }
    this.parties = parties;
  }

  /**
   * Returns a coroutine that waits until {@link #parties()} tasks are waiting, then releases them
   * all. Python's {@code Barrier.wait()}.
   *
   * <p><b>Suspends</b> until the barrier is filled (the last task to arrive does not suspend,
   * beyond waiting its turn while the barrier drains). <b>Cancellation:</b> a cancellation
   * point; a cancelled task leaves the barrier (it no longer counts as arrived) and raises the
   * CancelledError.
   *
   * @return a coroutine evaluating to the task's arrival index, 0 for the first to arrive up to
   *     {@code parties() - 1} for the last
   * @throws BrokenBarrierError (when awaited) "Barrier aborted" when the barrier is broken on
   *     arrival; "Abort or reset of barrier" when it is reset or aborted while the task waits
   */
  @SuppressWarnings("unchecked")
  public Coro<Integer> await() {
    return (Coro<Integer>) (Coro<?>) new Wait();
  }

  /**
   * Returns a coroutine that puts the barrier back to the empty filling state: tasks waiting in
   * it get {@link BrokenBarrierError}, and it takes new arrivals once they have left. Python's
   * {@code Barrier.reset()}, a coroutine as there.
   *
   * @return a coroutine evaluating to null; it suspends only to take the barrier's internal lock
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> reset() {
    return (Coro<Void>) (Coro<?>) new Change(false);
  }

  /**
   * Returns a coroutine that breaks the barrier: tasks waiting in it, and every later {@link
   * #await()}, get {@link BrokenBarrierError} until {@link #reset()}. Python's {@code
   * Barrier.abort()}, a coroutine as there.
   *
   * @return a coroutine evaluating to null; it suspends only to take the barrier's internal lock
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> abort() {
    return (Coro<Void>) (Coro<?>) new Change(true);
  }

  /**
   * Returns the number of tasks that must arrive to release them. Python's {@code
   * Barrier.parties}.
   *
   * @return the parties, 1 or more
   */
  public int parties() {
    return parties;
  }

  /**
   * Returns the number of tasks waiting for the barrier to fill: 0 while it drains, resets or
   * is broken. Python's {@code Barrier.n_waiting}.
   *
   * @return the number of arrived tasks
   */
  public int nWaiting() {
    return state == State.FILLING ? count : 0;
  }

  /**
   * Returns whether the barrier is broken ({@link #abort()}). Python's {@code Barrier.broken}.
   *
   * @return true when broken
   */
  public boolean broken() {
    return state == State.BROKEN;
  }

  @Override
  public String toString() {
    String extra = state.text;
    if (state != State.BROKEN) {
      extra += ", waiters:" + nWaiting() + "/" + parties;
    }
    return Primitives.repr(this, extra);
  }

  /** Python's {@code _exit}: the last task to leave lets the barrier fill again. */
  private void leave() {
    count--;
    if (count == 0) {
      if (state == State.RESETTING || state == State.DRAINING) {
        state = State.FILLING;
      }
      cond.signalAll();
    }
  }

  /**
   * {@code await()} as a frame: Python's {@code async with self._cond:} around {@code _block},
   * the arrival, and {@code _release} or {@code _wait}.
   *
   * <pre>
   *  label 0  await cond.acquire()
   *  label 1  await cond.waitFor(takes arrivals)                   (_block)
   *  label 2  broken? release, raise. Arrive: index = count++
   *           last? drain, signal all, leave, release, return index (_release)
   *           else await cond.waitFor(stopped filling)             (_wait)
   *  label 3  leave; release; reset or broken? raise; else return index
   * </pre>
   */
  private final class Wait extends CoroFrame {
    private int index;

    @Override
    public String toString() {
      return Primitives.frameRepr("Barrier.await()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          value = cond.acquire();
          label = 1;
          return Frame.AWAIT;
        case 1:
          resumeValue(); // a cancelled acquire holds nothing: let it propagate
          value = cond.waitFor(takesArrivals);
          label = 2;
          return Frame.AWAIT;
        case 2:
          try {
            resumeValue(); // waitFor holds the lock again even when it raises
            if (state == State.BROKEN) {
              throw new BrokenBarrierError("Barrier aborted");
            }
          } catch (Throwable notArrived) {
            cond.release();
            throw notArrived;
          }
          index = count++;
          if (index + 1 == parties) {
            state = State.DRAINING;
            cond.signalAll();
            try {
              leave();
            } finally {
              cond.release();
            }
            return index;
          }
          value = cond.waitFor(stoppedFilling);
          label = 3;
          return Frame.AWAIT;
        case 3:
          try {
            try {
              resumeValue();
              if (state == State.BROKEN || state == State.RESETTING) {
                throw new BrokenBarrierError("Abort or reset of barrier");
              }
            } finally {
              leave();
            }
          } finally {
            cond.release();
          }
          return index;
        default:
          throw new IllegalStateException("Barrier.await() resumed at unknown label " + label);
      }
    }
  }

  /**
   * {@code reset()} and {@code abort()} as a frame.
   *
   * <pre>
   *  label 0  await cond.acquire()
   *  label 1  change the state, signal all, release
   * </pre>
   */
  private final class Change extends CoroFrame {
    private final boolean abort;

    Change(boolean abort) {
      this.abort = abort;
    }

    @Override
    public String toString() {
      return Primitives.frameRepr(abort ? "Barrier.abort()" : "Barrier.reset()", this);
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          value = cond.acquire();
          label = 1;
          return Frame.AWAIT;
        case 1:
          resumeValue();
          try {
            if (abort) {
              state = State.BROKEN;
            } else if (count > 0) {
              state = State.RESETTING; // the tasks inside leave with BrokenBarrierError first
            } else {
              state = State.FILLING;
            }
            cond.signalAll();
          } finally {
            cond.release();
          }
          return null;
        default:
          throw new IllegalStateException("Barrier." + (abort ? "abort" : "reset")
              + "() resumed at unknown label " + label);
      }
    }
  }
}
