package io.weft;

import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.Objects;

/**
 * A deadline over a block of code in the current task: Python's {@code asyncio.Timeout}, made by
 * {@link Asyncio#timeout(double)} and {@link Asyncio#timeoutAt(double)}. Python's
 * <pre>
 *   async with asyncio.timeout(10):
 *       await work()
 * </pre>
 * is written {@code await(timeout(10).run(work()))}: {@link #run} runs the body inside the
 * awaiting task (no new task), and when the deadline passes first the task is cancelled and the
 * cancellation leaving the body becomes a {@link TimeoutError} (caused by that {@link
 * CancelledError}).
 *
 * <pre>
 *  state      meaning                                   reschedule()
 *  CREATED    made, run() not awaited yet               "Timeout has not been entered"
 *  ENTERED    the body runs; deadline armed             allowed
 *  EXPIRING   deadline passed, task.cancel() called     "Cannot change state of expiring Timeout"
 *  EXPIRED    body left after expiring                  "Cannot change state of expired Timeout"
 *  EXITED     body left before the deadline             "Cannot change state of finished Timeout"
 *
 *  CREATED ─run()─▶ ENTERED ─deadline─▶ EXPIRING ─body left─▶ EXPIRED
 *                          └────────body left─────────────▶ EXITED
 * </pre>
 *
 * <p><b>Counting cancellations</b> (Python 3.11+): entering records the task's {@link
 * Task#cancelling()}; on exit after expiry the timeout calls {@link Task#uncancel()} once, and
 * turns the CancelledError into a TimeoutError only if the count is then back to (or below) what
 * it recorded. So a cancellation from outside the block, or from an enclosing timeout that
 * expired too, still propagates as CancelledError, and nested timeouts each see their own.
 *
 * <p><b>No deadline</b> (Python's {@code None}) is {@link Double#POSITIVE_INFINITY}, for {@link
 * #when()} and {@link #reschedule(double)} alike; NaN is refused.
 *
 * <p><b>Thread:</b> the loop's thread, inside a task. One Timeout runs one body, once.
 */
public final class Timeout {
  private static final byte CREATED = 0;
  private static final byte ENTERED = 1;
  private static final byte EXPIRING = 2;
  private static final byte EXPIRED = 3;
  private static final byte EXITED = 4;

  private double when;
  private byte state = CREATED;
  private Task<?> task;
  private int cancelling;
  private Handle timeoutHandler;

  /**
   * Creates a timeout with an absolute deadline on the loop's clock. Python's {@code
   * asyncio.Timeout(when)}; {@link Asyncio#timeoutAt(double)} is the usual way.
   *
   * @param when the deadline in {@link EventLoop#time()} seconds, or {@link
   *     Double#POSITIVE_INFINITY} for none
   * @throws IllegalArgumentException when {@code when} is NaN
   */
  public Timeout(double when) {
    this.when = checkWhen(when);
  }

  private static double checkWhen(double when) {
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException(
          "Timeout deadline is NaN: use Double.POSITIVE_INFINITY for no deadline");
    }
    return when;
  }

  /**
   * Returns the deadline. Python's {@code Timeout.when()}.
   *
   * @return the deadline in loop time, or {@link Double#POSITIVE_INFINITY} when there is none
   */
  public double when() {
    return when;
  }

  /**
   * Moves the deadline while the body runs; a deadline already past fires on the next loop pass.
   * Python's {@code Timeout.reschedule(when)}.
   *
   * @param when the new deadline in loop time, or {@link Double#POSITIVE_INFINITY} for none
   * @throws IllegalStateException "Timeout has not been entered" before {@link #run} started;
   *     "Cannot change state of expiring|expired|finished Timeout" after the deadline passed or
   *     the body left
   * @throws IllegalArgumentException when {@code when} is NaN
   */
  public void reschedule(double when) {
    checkWhen(when);
    if (state != ENTERED) {
      if (state == CREATED) {
        throw new IllegalStateException("Timeout has not been entered");
      }
      throw new IllegalStateException("Cannot change state of " + stateName() + " Timeout");
    }
    this.when = when;
    if (timeoutHandler != null) {
      timeoutHandler.cancel();
    }
    if (when == Double.POSITIVE_INFINITY) {
      timeoutHandler = null;
    } else {
      EventLoop loop = task.getLoop();
      if (when <= loop.time()) {
        timeoutHandler = loop.callSoon(this::onTimeout);
      } else {
        timeoutHandler = loop.callAt(when, this::onTimeout);
      }
    }
  }

  /**
   * Returns whether the deadline passed while the body ran (whether or not that turned into a
   * TimeoutError). Python's {@code Timeout.expired()}.
   *
   * @return true once expiring or expired
   */
  public boolean expired() {
    return state == EXPIRING || state == EXPIRED;
  }

  /**
   * Returns a coroutine that runs {@code body} under this deadline, inside the task that awaits
   * it: Python's {@code async with timeout: body}.
   *
   * <p><b>Suspends</b> as {@code body} does. <b>Cancellation:</b> when the deadline passes the
   * task is cancelled; if the CancelledError leaves the body and no other cancellation is pending
   * ({@code task.uncancel() <= cancelling()} recorded on entry) it is raised as a {@link
   * TimeoutError} whose cause is that CancelledError. If the body catches the cancellation and
   * returns, its value is returned; any other exception leaving the body propagates unchanged.
   * The TimeoutError can only be caught outside the body, as in Python.
   *
   * @param body what {@code async with} encloses: a coroutine (run in the same task) or a future.
   *     Not null.
   * @param <T> the body's result type
   * @return the coroutine; awaiting it enters the timeout
   * @throws IllegalStateException (when awaited) "Timeout has already been entered"; "Timeout
   *     should be used inside a task"
   */
  @SuppressWarnings("unchecked")
  public <T> Coro<T> run(Awaitable<T> body) {
    Objects.requireNonNull(body, "Timeout.run() body");
    return (Coro<T>) (Coro<?>) new Block(body);
  }

  /** Python's {@code __aenter__}. */
  private void enter() {
    if (state != CREATED) {
      throw new IllegalStateException("Timeout has already been entered");
    }
    Task<?> current = Asyncio.getRunningLoop().currentTask;
    if (current == null) {
      throw new IllegalStateException("Timeout should be used inside a task");
    }
    state = ENTERED;
    task = current;
    cancelling = current.cancelling();
    reschedule(when);
  }

  /**
   * Python's {@code __aexit__}: returns the error to raise, or null to return normally.
   *
   * @param error what left the body, or null
   */
  private Throwable exit(Throwable error) {
    if (timeoutHandler != null) {
      timeoutHandler.cancel();
      timeoutHandler = null;
    }
    if (state == EXPIRING) {
      state = EXPIRED;
      // uncancel() first, always: our own cancel() must be withdrawn whatever left the body.
      if (task.uncancel() <= cancelling && error instanceof CancelledError) {
        return new TimeoutError(null, error);
      }
    } else if (state == ENTERED) {
      state = EXITED;
    }
    return error;
  }

  /** Python's {@code _on_timeout}. */
  private void onTimeout() {
    task.cancel();
    state = EXPIRING;
    timeoutHandler = null;
  }

  private String stateName() {
    switch (state) {
      case CREATED:
        return "created";
      case ENTERED:
        return "active";
      case EXPIRING:
        return "expiring";
      case EXPIRED:
        return "expired";
      default:
        return "finished";
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<Timeout [").append(stateName()).append(']');
    if (state == ENTERED) {
      s.append(" when=").append(when == Double.POSITIVE_INFINITY ? "None" : when);
    }
    return s.append('>').toString();
  }

  /**
   * The {@code async with} block as a frame: enter, run the body in the same task, exit.
   *
   * <pre>
   *  label 0  enter(); await body (a coroutine is delegated to, in the same task)
   *  label 1  exit(outcome): return the body's value, or raise what exit() decided
   * </pre>
   */
  private final class Block extends CoroFrame {
    private Awaitable<?> body;

    Block(Awaitable<?> body) {
      this.body = body;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          try {
            enter();
          } catch (RuntimeException e) {
            closeBody();
            throw e;
          }
          value = body;
          body = null;
          label = 1;
          return Frame.AWAIT;
        case 1:
          Object result;
          try {
            result = resumeValue();
          } catch (Throwable error) {
            Throwable raise = exit(error);
            throw Future.sneaky(raise);
          }
          Throwable raise = exit(null);
          if (raise != null) {
            throw Future.sneaky(raise);
          }
          return result;
        default:
          throw new IllegalStateException("Timeout block resumed at unknown label " + label);
      }
    }

    /** The body never ran: close it (in Python's {@code async with} it would not exist yet). */
    private void closeBody() {
      if (body instanceof Coro) {
        ((Coro<?>) body).close();
      }
      body = null;
    }
  }
}
