package io.weft;

import io.weft.internal.AsyncTrace;
import io.weft.internal.LoopAwaitable;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The result of an operation that completes later, bound to one {@link EventLoop}: Python's
 * {@code asyncio.Future}. A coroutine waits for it with {@code await(future)}; it completes once,
 * with a result ({@link #setResult}), an exception ({@link #setException}) or a cancellation
 * ({@link #cancel()}).
 *
 * <p><b>Callbacks</b> added with {@link #addDoneCallback} run on the loop, through {@link
 * EventLoop#callSoon}, never inside the call that completes the future, and in the order they
 * were added; a callback added to a done future is scheduled at once. So a task awaiting a future
 * resumes on the loop pass after the future completes, as in Python.
 *
 * <p><b>Thread:</b> not thread-safe, like asyncio's: use it on its loop's thread. To complete it
 * from another thread, go through {@link EventLoop#callSoonThreadsafe}; to share work with other
 * threads use {@link Asyncio#wrapFuture} and {@link Asyncio#runCoroutineThreadsafe}.
 *
 * <p>When a future holding an exception is garbage-collected and nobody read that exception (by
 * {@link #result()} or {@link #exception()}), the loop's exception handler reports "Future
 * exception was never retrieved" ("Task exception ..." for a task), as Python does; in debug mode
 * {@link EventLoop#reportAbandoned()} reports the unread ones without waiting for the collector.
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T>, LoopAwaitable {
  static final byte PENDING = 0;
  static final byte RESULT = 1;
  static final byte EXCEPTION = 2;
  static final byte CANCELLED = 3;

  private static final Cleaner CLEANER = Cleaner.create();

  final EventLoop loop;
  byte state;

  /**
   * PENDING: the cancel message of a task that must cancel itself (Task only); RESULT: the
   * result; EXCEPTION: a {@link Failure}; CANCELLED: the message (a String), a {@link
   * CancelledError} to raise as it is, or null.
   */
  Object outcome;

  /** Null, one callback (a {@link Consumer} or a waiting {@link Task}), or an ArrayList of them. */
  private Object callbacks;

  /**
   * Creates a pending future bound to the running loop, or the loop set for this thread. Python's
   * {@code asyncio.Future()}; {@link EventLoop#createFuture()} is the usual way.
   *
   * @throws IllegalStateException when there is no such loop
   */
  public Future() {
    this(Asyncio.getEventLoop());
  }

  /**
   * Creates a pending future bound to {@code loop}. Python's {@code asyncio.Future(loop=loop)}.
   *
   * @param loop the loop whose thread completes the future and runs its callbacks. Not null.
   */
  public Future(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /**
   * Returns the loop this future is bound to. Python's {@code Future.get_loop()}.
   *
   * @return the loop
   */
  public final EventLoop getLoop() {
    return loop;
  }

  /**
   * Returns whether the future completed: with a result, an exception or a cancellation. Python's
   * {@code Future.done()}.
   *
   * @return true once complete
   */
  public final boolean done() {
    return state != PENDING;
  }

  /**
   * Returns whether the future was cancelled. Python's {@code Future.cancelled()}.
   *
   * @return true once cancelled
   */
  public final boolean cancelled() {
    return state == CANCELLED;
  }

  /**
   * Returns the result. Python's {@code Future.result()}.
   *
   * @return the result
   * @throws InvalidStateError while the future is pending
   * @throws CancelledError when it was cancelled
   * @throws RuntimeException (or any Throwable) the exception it completed with, as it was set
   */
  @SuppressWarnings("unchecked")
  public final T result() {
    switch (state) {
      case RESULT:
        return (T) outcome;
      case EXCEPTION:
        throw sneaky(raisedException());
      case CANCELLED:
        throw cancelledError();
      default:
        throw new InvalidStateError("Result is not ready.");
    }
  }

  /**
   * Returns the exception the future completed with, or null when it has a result. Python's
   * {@code Future.exception()}.
   *
   * @return the exception, or null
   * @throws InvalidStateError while the future is pending
   * @throws CancelledError when it was cancelled
   */
  public final Throwable exception() {
    switch (state) {
      case RESULT:
        return null;
      case EXCEPTION:
        Failure f = (Failure) outcome;
        f.retrieved();
        return f.error;
      case CANCELLED:
        throw cancelledError();
      default:
        throw new InvalidStateError("Exception is not set.");
    }
  }

  /**
   * Completes the future with {@code result} and schedules its callbacks. Python's {@code
   * Future.set_result()}.
   *
   * @param result the result. May be null.
   * @throws InvalidStateError when the future is already done
   */
  public void setResult(T result) {
    if (state != PENDING) {
      throw new InvalidStateError("invalid state: " + this + " is already done");
    }
    complete(result);
  }

  final void complete(T result) {
    outcome = result;
    state = RESULT;
    scheduleCallbacks();
  }

  /**
   * Completes the future with {@code exception} and schedules its callbacks. Python's {@code
   * Future.set_exception()}.
   *
   * @param exception the exception. Not null; a {@link StopIteration} is replaced by an {@link
   *     IllegalStateException} (Python turns it into a RuntimeError), since it would be mistaken
   *     for a coroutine's return.
   * @throws InvalidStateError when the future is already done
   */
  public void setException(Throwable exception) {
    Objects.requireNonNull(exception, "exception");
    if (state != PENDING) {
      throw new InvalidStateError("invalid state: " + this + " is already done");
    }
    if (exception instanceof StopIteration) {
      exception = new IllegalStateException(
          "StopIteration interacts badly with coroutines and can't be raised into a Future",
          exception);
    }
    setFailure(exception);
  }

  final void setFailure(Throwable exception) {
    Failure f = new Failure(loop, exception, this);
    outcome = f;
    state = EXCEPTION;
    f.cleanable = CLEANER.register(this, f);
    if (loop.getDebug()) { // listed for EventLoop.reportAbandoned: a test can check at its end
      f.detail = toString();
      loop.listUnretrieved(f);
    }
    scheduleCallbacks();
  }

  /**
   * Cancels the future and schedules its callbacks, unless it is already done. Python's {@code
   * Future.cancel()}.
   *
   * @return true when the future was pending and is now cancelled
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * Cancels the future with a message that its {@link CancelledError} will carry. Python's {@code
   * Future.cancel(msg)}.
   *
   * @param message the message, or null
   * @return true when the future was pending and is now cancelled
   */
  public boolean cancel(String message) {
    return cancelFuture(message);
  }

  final boolean cancelFuture(String message) {
    if (state != PENDING) {
      return false;
    }
    outcome = message;
    state = CANCELLED;
    scheduleCallbacks();
    return true;
  }

  /** Cancels with an existing CancelledError, raised as it is by result(). */
  final void cancelWith(CancelledError error) {
    outcome = error;
    state = CANCELLED;
    scheduleCallbacks();
  }

  /** The CancelledError result() raises: the one stored, or a new one with the message. */
  final CancelledError cancelledError() {
    Object o = outcome;
    if (o instanceof CancelledError) {
      return (CancelledError) o;
    }
    return new CancelledError((String) o);
  }

  /**
   * Adds a callback run with this future once it is done, through {@link EventLoop#callSoon};
   * scheduled at once when the future is already done. Python's {@code
   * Future.add_done_callback()}.
   *
   * @param callback the callback. Not null.
   */
  public final void addDoneCallback(Consumer<? super Future<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    if (state != PENDING) {
      scheduleOne(callback);
    } else {
      addCallback(callback);
    }
  }

  /**
   * Removes every registration of {@code callback} (compared by identity). Python's {@code
   * Future.remove_done_callback()}.
   *
   * @param callback the callback
   * @return how many registrations were removed
   */
  public final int removeDoneCallback(Consumer<? super Future<T>> callback) {
    return removeCallback(callback);
  }

  final void addCallback(Object callback) {
    Object c = callbacks;
    if (c == null) {
      callbacks = callback;
    } else if (c instanceof CallbackList) {
      ((CallbackList) c).add(callback);
    } else {
      CallbackList list = new CallbackList();
      list.add(c);
      list.add(callback);
      callbacks = list;
    }
  }

  /**
   * A copy of the done callbacks, in the order they were added: for the call graph, whose
   * "awaited by" links they are (a task awaiting this future is one of them).
   */
  final List<Object> callbacks() {
    Object c = callbacks;
    if (c == null) {
      return List.of();
    }
    return c instanceof CallbackList ? new ArrayList<>((CallbackList) c) : List.of(c);
  }

  final int removeCallback(Object callback) {
    Object c = callbacks;
    if (c == null) {
      return 0;
    }
    if (c instanceof CallbackList) {
      CallbackList list = (CallbackList) c;
      int before = list.size();
      list.removeIf(x -> x == callback);
      int removed = before - list.size();
      if (list.isEmpty()) {
        callbacks = null;
      }
      return removed;
    }
    if (c == callback) {
      callbacks = null;
      return 1;
    }
    return 0;
  }

  private void scheduleCallbacks() {
    Object c = callbacks;
    if (c == null) {
      return;
    }
    callbacks = null;
    if (c instanceof CallbackList) {
      for (Object each : (CallbackList) c) {
        scheduleOne(each);
      }
    } else {
      scheduleOne(c);
    }
  }

  @SuppressWarnings("unchecked")
  private void scheduleOne(Object callback) {
    if (callback instanceof Task) {
      ((Task<?>) callback).wake(this);
    } else {
      Consumer<Object> fn = (Consumer<Object>) callback;
      loop.callSoon(new DoneCallback(fn, this));
    }
  }

  /** Runs one done callback with its future: a named Runnable so handles print readably. */
  private static final class DoneCallback implements Runnable {
    private final Consumer<Object> fn;
    private final Future<?> future;

    DoneCallback(Consumer<Object> fn, Future<?> future) {
      this.fn = fn;
      this.future = future;
    }

    @Override
    public void run() {
      fn.accept(future);
    }

    @Override
    public String toString() {
      return fn + "(" + future + ")";
    }
  }

  /** A list of callbacks that cannot be mistaken for a callback. */
  private static final class CallbackList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The exception a future completed with, and whether anyone read it. Registered with a Cleaner
   * so the loop can report it when the future is collected unread; it holds no reference to the
   * future. In debug mode it is also listed by the loop until read, so that {@link
   * EventLoop#reportAbandoned()} can report it without waiting for the garbage collector.
   */
  static final class Failure implements Runnable {
    final Throwable error;

    /** The error's stack trace when the future failed: see {@link #raisedException()}. */
    final StackTraceElement[] trace;

    private final EventLoop loop;
    private final String description;
    private volatile boolean retrieved;
    private boolean claimed;
    Cleaner.Cleanable cleanable;

    /** Debug mode: the future as it printed when it failed (it names the task and coroutine). */
    String detail;

    Failure(EventLoop loop, Throwable error, Future<?> owner) {
      this.loop = loop;
      this.error = error;
      this.trace = AsyncTrace.capture(error);
      this.description = owner.describeForLog();
    }

    void retrieved() {
      if (!retrieved) {
        retrieved = true;
        if (detail != null) {
          loop.unlistUnretrieved(this);
        }
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
          c.clean();
        }
      }
    }

    /** True for one caller only: the cleaner's run, or reportNow. */
    private synchronized boolean claim() {
      if (claimed) {
        return false;
      }
      claimed = true;
      return true;
    }

    @Override
    public void run() { // the Cleaner's thread, or clean() from retrieved() or reportNow()
      if (!claim()) {
        return;
      }
      if (detail != null) {
        loop.unlistUnretrieved(this);
      }
      if (!retrieved) {
        loop.reportFromAnyThread(context());
      }
    }

    /**
     * Reports the exception now, on this thread, unless it was read or reported already; it is
     * never reported again. For {@link EventLoop#reportAbandoned()}.
     *
     * @return whether it was reported
     */
    boolean reportNow() {
      if (retrieved || !claim()) {
        return false;
      }
      retrieved = true;
      Cleaner.Cleanable c = cleanable;
      if (c != null) {
        c.clean(); // run() finds it claimed: the cleaner forgets it
      }
      loop.callExceptionHandler(context());
      return true;
    }

    private Map<String, Object> context() {
      return EventLoop.context(description + " exception was never retrieved", error, "future",
          detail != null ? detail : description);
    }
  }

  /**
   * The exception to raise in whoever awaits or asks for the result of this failed future, with
   * the stack trace it had when the future failed: each awaiter's await sites are added to that
   * (see {@link AsyncTrace}), not to the previous awaiter's. Python's {@code Future.result()}
   * raising {@code exc.with_traceback(self._exception_tb)}.
   */
  final Throwable raisedException() {
    Failure f = (Failure) outcome;
    f.retrieved();
    AsyncTrace.restore(f.error, f.trace);
    return f.error;
  }

  /** Marks the exception as read, so it is not reported: gather and shield swallow this way. */
  final void markRetrieved() {
    if (state == EXCEPTION) {
      ((Failure) outcome).retrieved();
    }
  }

  /** "Future" or "Task": the word Python's "... exception was never retrieved" begins with. */
  String describeForLog() {
    return "Future";
  }

  @Override
  public String toString() {
    return "<" + getClass().getSimpleName() + " " + stateText() + ">";
  }

  final String stateText() {
    switch (state) {
      case RESULT:
        return "finished result=" + outcome;
      case EXCEPTION:
        return "finished exception=" + ((Failure) outcome).error;
      case CANCELLED:
        return "cancelled";
      default:
        return "pending";
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
