package io.weft;

import io.weft.internal.AwaitSupport;
import io.weft.internal.Frame;
import io.weft.internal.ParkingFrame;
import io.weft.internal.YieldOnce;
import io.weft.internal.jfr.Jfr;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A coroutine scheduled on an event loop: Python's {@code asyncio.Task}. The loop runs the
 * coroutine one step at a time; each step runs until the coroutine awaits something that is not
 * done, and the task steps again on the loop pass after that thing completes. Awaiting another
 * coroutine does not make a step: the whole await chain runs inside the task, resumed without
 * recursion whatever its depth.
 *
 * <p><b>Cancellation</b> follows Python 3.11+: {@link #cancel(String)} asks the task to raise
 * {@link CancelledError} at the {@code await} it is suspended in (or at its next one); the request
 * is counted ({@link #cancelling()}) and can be withdrawn with {@link #uncancel()}. A coroutine
 * that catches the error and carries on keeps running; the task ends cancelled when the error
 * escapes it, or when it returns while a cancellation is still pending.
 *
 * <p><b>Thread:</b> like {@link Future}, use it on its loop's thread.
 *
 * @param <T> the type of the coroutine's result
 */
public class Task<T> extends Future<T> {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  static {
    ParkingFrame.setTaskWaker((task, frame) -> task.wakeParked(frame));
  }

  private Coro<T> coro;

  /**
   * What the task waits for, or what to resume it with: a {@link Future} it awaits, the {@link
   * SleepTimer} of a sleep, a {@link ParkingFrame} it is parked on, a {@link StageWait} for a
   * CompletionStage, a Throwable to raise at the next step, or null (scheduled, or running).
   */
  Object waiter;

  Task<?> prevTask;
  Task<?> nextTask;

  private String name;
  private int number;
  private int cancelRequests;
  private boolean mustCancel;

  /**
   * Creates a task for {@code coro} on the running loop (or the loop set for this thread) and
   * schedules its first step. Python's {@code asyncio.Task(coro)}; {@link Asyncio#createTask} is
   * the usual way.
   *
   * @param coro the coroutine. Not null.
   */
  public Task(Coro<T> coro) {
    this(Asyncio.getEventLoop(), coro, null, false);
  }

  /**
   * Creates a task for {@code coro} on {@code loop}. Python's {@code asyncio.Task(coro, loop=loop,
   * name=name, eager_start=eagerStart)}.
   *
   * @param loop the loop. Not null.
   * @param coro the coroutine. Not null.
   * @param name the name, or null for {@code "Task-N"}
   * @param eagerStart when true and {@code loop} is running on this thread, the coroutine runs at
   *     once, inside this constructor, up to its first suspension; if it finishes there the task
   *     is done before the constructor returns and is never scheduled (Python 3.12)
   */
  public Task(EventLoop loop, Coro<T> coro, String name, boolean eagerStart) {
    super(loop);
    this.coro = Objects.requireNonNull(coro, "coro");
    loop.checkClosed();
    this.name = name;
    if (name == null) {
      this.number = COUNTER.incrementAndGet();
    }
    if (Jfr.ON) {
      Jfr.taskCreated(this, coro, loop);
    }
    if (eagerStart && loop.isRunning() && loop.onLoopThread()) {
      eagerStart();
    } else {
      loop.registerTask(this);
      loop.readyTask(this);
    }
  }

  /**
   * Python's {@code Task.__eager_start}: the task is current, and listed by {@link
   * Asyncio#allTasks}, while its first step runs inside the constructor; a task that finished
   * there drops its coroutine, as {@code get_coro()} returns None after eager completion (3.12).
   */
  private void eagerStart() {
    Task<?> previous = loop.currentTask;
    loop.currentTask = this;
    loop.registerTask(this); // finishing unregisters it
    try {
      run(null, null);
    } finally {
      loop.currentTask = previous;
    }
    if (done()) {
      coro = null;
    }
  }

  // -------------------------------------------------------------------------- stepping

  /** A future this task awaits completed (called through its done callbacks). */
  void wake(Future<?> completed) {
    if (waiter == completed) {
      loop.readyTask(this);
    }
  }

  /** The frame this task is parked on was woken or cancelled (see {@link ParkingFrame}). */
  private void wakeParked(ParkingFrame frame) {
    if (waiter == frame) {
      loop.readyTask(this);
    }
  }

  /** One step: Python's {@code Task.__step}, run by the loop from its ready queue. */
  void step() {
    if (done()) {
      return;
    }
    Object in = null;
    Throwable error = null;
    Object w = waiter;
    waiter = null;
    if (w != null) {
      if (w instanceof Future) {
        Future<?> f = (Future<?>) w;
        if (f.state == EXCEPTION) {
          error = f.raisedException();
        } else if (f.state == CANCELLED) {
          error = f.cancelledError();
        } else {
          in = f.outcome;
        }
      } else if (w instanceof ParkingFrame) {
        if (((ParkingFrame) w).waitCancelled()) {
          error = new CancelledError(null); // the frame abandoned its wait: a bare fut.cancel()
        }
      } else if (w instanceof SleepTimer) {
        in = ((SleepTimer) w).result();
      } else if (w instanceof StageWait) {
        StageWait s = (StageWait) w;
        in = s.value;
        error = s.error;
      } else {
        error = (Throwable) w;
      }
    }
    if (mustCancel) {
      if (!(error instanceof CancelledError)) {
        error = makeCancelledError();
      }
      mustCancel = false;
    }
    EventLoop loop = this.loop;
    Task<?> previous = loop.currentTask;
    if (previous != null) {
      throw new IllegalStateException("Cannot enter into task " + this
          + " while another task " + previous + " is being executed.");
    }
    loop.currentTask = this;
    try {
      run(in, error);
    } finally {
      loop.currentTask = null;
    }
  }

  /** Python's {@code __step_run_and_handle_result}. */
  private void run(Object in, Throwable error) {
    Coro<T> c = coro;
    Object out;
    try {
      if (c instanceof Frame) {
        Frame f = (Frame) c;
        out = f.advance(in, error);
        if (out == Frame.RETURNED) {
          returned(f.takeResult());
          return;
        }
      } else {
        out = error != null ? c.throwIn(error) : c.send(in);
      }
    } catch (StopIteration stop) {
      returned(stop.value());
      return;
    } catch (CancelledError cancelled) {
      finished();
      cancelWith(cancelled);
      if (Jfr.ON) {
        Jfr.taskDone(this, "cancelled", null);
      }
      return;
    } catch (Throwable t) {
      finished();
      setFailure(t);
      if (Jfr.ON) {
        Jfr.taskDone(this, "exception", t);
      }
      if (escapesLoop(t)) {
        throw t; // Python re-raises KeyboardInterrupt and SystemExit out of the loop
      }
      return;
    }
    awaitNext(out);
  }

  /**
   * Whether {@code t} leaves the event loop instead of being stored or reported: Python's
   * KeyboardInterrupt and SystemExit; in Java also a VirtualMachineError (out of memory, stack
   * overflow), after which nothing can be trusted.
   */
  static boolean escapesLoop(Throwable t) {
    return t instanceof KeyboardInterrupt || t instanceof VirtualMachineError;
  }

  @SuppressWarnings("unchecked")
  private void returned(Object result) {
    finished();
    if (mustCancel) { // cancelled right before the coroutine returned
      mustCancel = false;
      cancelFuture(cancelMessage());
    } else {
      complete((T) result);
    }
    if (Jfr.ON) {
      Jfr.taskDone(this, cancelled() ? "cancelled" : "result", null);
    }
  }

  private void finished() {
    loop.unregisterTask(this);
  }

  /** The coroutine now waits for {@code awaitable}: arrange to step again when it is ready. */
  private void awaitNext(Object awaitable) {
    EventLoop loop = this.loop;
    if (awaitable instanceof Future) {
      Future<?> f = (Future<?>) awaitable;
      if (f.loop != loop) {
        retryWith(new IllegalStateException(
            "Task " + this + " got Future " + f + " attached to a different loop"));
      } else if (f == this) {
        retryWith(new IllegalStateException("Task cannot await on itself: " + this));
      } else {
        waiter = f;
        if (f.done()) {
          loop.readyTask(this);
        } else {
          f.addCallback(this);
          if (mustCancel && f.cancel(cancelMessage())) {
            mustCancel = false;
          }
        }
      }
    } else if (awaitable instanceof ParkingFrame) {
      // a queue's get() or put() waits with no future: this task parks on the frame itself
      ParkingFrame p = (ParkingFrame) awaitable;
      waiter = p;
      p.parkedBy(this);
      if (mustCancel && p.cancelWait()) {
        mustCancel = false;
        retryWith(makeCancelledError());
      }
    } else if (awaitable == YieldOnce.INSTANCE) {
      // await(sleep(0)) in woven code: one bare yield, as below; a pending cancel stays pending
      loop.readyTask(this);
    } else if (awaitable instanceof Sleep) {
      Sleep<?> s = (Sleep<?>) awaitable;
      if (!s.take()) {
        retryWith(new IllegalStateException("cannot reuse already awaited coroutine"));
      } else if (s.delay <= 0) { // Asyncio.sleep refuses NaN
        if (s.result != null) {
          waiter = new SleepTimer.WithResult(loop.time(), this, s.result); // never scheduled
        }
        loop.readyTask(this); // Python's sleep(0): one bare yield; a pending cancel stays pending
      } else if (mustCancel) {
        // Python blocks on the sleep's future and cancels it at once: the request is delivered
        mustCancel = false;
        retryWith(makeCancelledError());
      } else {
        double when = loop.time() + s.delay;
        SleepTimer t = s.result == null ? new SleepTimer(when, this)
            : new SleepTimer.WithResult(when, this, s.result);
        waiter = t;
        loop.schedule(t);
      }
    } else if (awaitable instanceof CompletionStage) {
      StageWait s = new StageWait(this);
      waiter = s;
      loop.beginOutsideWait();
      ((CompletionStage<?>) awaitable).whenComplete(s);
      if (mustCancel && cancelStage(s, cancelMessage())) {
        mustCancel = false;
      }
    } else if (awaitable == null) {
      retryWith(new NullPointerException("await of null in task " + this));
    } else {
      retryWith(new IllegalStateException("Task got bad yield: " + awaitable
          + " (await takes a Coro, a Future or a CompletionStage)"));
    }
  }

  /** Raises {@code error} in the coroutine on the next step. */
  private void retryWith(Throwable error) {
    waiter = error;
    loop.readyTask(this);
  }

  /**
   * Stops waiting for a CompletionStage, as cancelling Python's wrapped future would: the task
   * steps with CancelledError. The stage itself is left alone (it may be shared; await {@link
   * Asyncio#wrapFuture} to cancel it too). Returns false when its result is already on the way:
   * then the step raises the pending cancellation.
   */
  private boolean cancelStage(StageWait s, String message) {
    if (s.completed) {
      return false;
    }
    s.task = null;
    s.release(); // the loop no longer waits for it: virtual time may jump again
    retryWith(new CancelledError(message));
    return true;
  }

  // -------------------------------------------------------------------------- cancellation

  /**
   * Asks the task to cancel: {@link CancelledError} is raised at the {@code await} it is
   * suspended in, once the loop steps it. Python's {@code Task.cancel(msg)}.
   *
   * @param message the message the CancelledError carries, or null
   * @return false when the task is already done; true otherwise (every request is counted)
   */
  @Override
  public boolean cancel(String message) {
    if (done()) {
      return false;
    }
    cancelRequests++;
    Object w = waiter;
    if (w instanceof Future) {
      if (((Future<?>) w).cancel(message)) {
        return true; // the waiter's cancellation reaches the coroutine when it wakes the task
      }
    } else if (w instanceof ParkingFrame) {
      if (((ParkingFrame) w).cancelWait()) {
        // as cancelling the future it awaits: CancelledError(msg) reaches the coroutine even if
        // uncancel() is called before the task steps
        retryWith(new CancelledError(message));
        return true;
      }
    } else if (w instanceof SleepTimer) {
      SleepTimer t = (SleepTimer) w;
      if (t.scheduled) { // not fired yet
        // Python cancels the sleep's future: CancelledError(msg) reaches the coroutine even if
        // uncancel() is called before the task steps
        t.cancel();
        retryWith(new CancelledError(message));
        return true;
      }
    } else if (w instanceof StageWait) {
      if (cancelStage((StageWait) w, message)) {
        return true;
      }
    }
    mustCancel = true;
    outcome = message; // the message of the pending cancellation, while the task is pending
    return true;
  }

  /**
   * Returns the number of cancellation requests not withdrawn by {@link #uncancel()}. Python's
   * {@code Task.cancelling()} (3.11).
   *
   * @return the count
   */
  public int cancelling() {
    return cancelRequests;
  }

  /**
   * Withdraws one cancellation request; at zero, a cancellation not yet delivered is dropped
   * (Python 3.13). Used by structured constructs ({@link TaskGroup}, timeouts) that cancel the
   * task themselves and absorb the error. Python's {@code Task.uncancel()}.
   *
   * @return the remaining count
   */
  public int uncancel() {
    if (cancelRequests > 0) {
      cancelRequests--;
      if (cancelRequests == 0) {
        mustCancel = false;
      }
    }
    return cancelRequests;
  }

  private String cancelMessage() {
    return state == PENDING && outcome instanceof String ? (String) outcome : null;
  }

  private CancelledError makeCancelledError() {
    return new CancelledError(cancelMessage());
  }

  /** Task results come from its coroutine: Python raises RuntimeError here. */
  @Override
  public void setResult(T result) {
    throw new IllegalStateException("Task does not support set_result operation");
  }

  /** Task results come from its coroutine: Python raises RuntimeError here. */
  @Override
  public void setException(Throwable exception) {
    throw new IllegalStateException("Task does not support set_exception operation");
  }

  // -------------------------------------------------------------------------- introspection

  /**
   * Returns the task's name: the one given, else {@code "Task-N"}. Python's {@code
   * Task.get_name()}.
   *
   * @return the name
   */
  public String getName() {
    String n = name;
    return n != null ? n : "Task-" + Integer.toUnsignedString(number);
  }

  /**
   * Renames the task. Python's {@code Task.set_name(value)}.
   *
   * @param value the new name; its {@code toString()} is used
   */
  public void setName(Object value) {
    this.name = String.valueOf(value);
  }

  /**
   * Returns the coroutine the task runs. Python's {@code Task.get_coro()}.
   *
   * @return the coroutine
   */
  public Coro<T> getCoro() {
    return coro;
  }

  /**
   * Returns the chain of coroutines the task is suspended in, outermost first, each as the source
   * location it is stopped at (at most {@code limit} entries; all when negative). Empty once the
   * task is done. Python's {@code Task.get_stack(limit=limit)}.
   *
   * @param limit the most entries to return, or a negative number for all
   * @return the locations
   */
  public List<StackTraceElement> getStack(int limit) {
    List<StackTraceElement> stack = new ArrayList<>();
    if (done() || !(coro instanceof Frame)) {
      return stack;
    }
    for (Frame f = (Frame) coro; f != null && (limit < 0 || stack.size() < limit);
        f = f.awaiting()) {
      StackTraceElement where = f.location(); // null for the runtime's own adapter frames
      if (where != null) {
        stack.add(where);
      }
    }
    return stack;
  }

  /**
   * Returns {@link #getStack(int) getStack(-1)}: Python's {@code Task.get_stack()}.
   *
   * @return the locations, outermost first
   */
  public List<StackTraceElement> getStack() {
    return getStack(-1);
  }

  /**
   * Prints the task and its coroutine chain to {@code out}, as Python's {@code
   * Task.print_stack(file=out)} does; a failed task prints its exception's stack trace.
   *
   * @param out where to print. Not null.
   */
  public void printStack(PrintStream out) {
    out.println("Stack for " + this + " (most recent call last):");
    List<StackTraceElement> stack = getStack();
    for (StackTraceElement e : stack) {
      out.println("  at " + e);
    }
    if (stack.isEmpty()) {
      if (state == EXCEPTION) {
        exception().printStackTrace(out);
      } else {
        out.println("No stack for " + this);
      }
    }
  }

  /** Prints to {@code System.err}: Python's {@code Task.print_stack()}. */
  public void printStack() {
    printStack(System.err);
  }

  @Override
  String describeForLog() {
    return "Task";
  }

  @Override
  public String toString() {
    return "<Task " + stateText() + " name='" + getName() + "' coro=" + coro + ">";
  }

  // -------------------------------------------------------------------------- waits

  /** A task's sleep: a timer whose firing queues the task's next step, with no other object. */
  static class SleepTimer extends TimerHandle {
    SleepTimer(double when, Task<?> task) {
      super(when, task.loop.nextTimerSequence(), task); // the task rides in the callback field
    }

    private Task<?> task() {
      return (Task<?>) callback;
    }

    @Override
    final EventLoop loop() {
      return task().loop;
    }

    /** What the sleep evaluates to: null, unless {@code sleep(d, result)} gave one. */
    Object result() {
      return null;
    }

    @Override
    final void run(EventLoop loop) { // fired: it has left the heap, so scheduled is false now
      Task<?> task = task();
      if (task.waiter == this) {
        loop.readyTask(task);
      }
    }

    @Override
    public String toString() {
      return "<TimerHandle when=" + when + " wakes " + task() + ">";
    }

    /** The rarer sleep with a result: the field only costs when it is used. */
    static final class WithResult extends SleepTimer {
      private final Object result;

      WithResult(double when, Task<?> task, Object result) {
        super(when, task);
        this.result = result;
      }

      @Override
      Object result() {
        return result;
      }
    }
  }

  /** A task's wait for a CompletionStage, completed on any thread. */
  static final class StageWait implements BiConsumer<Object, Throwable>, Runnable {
    private final EventLoop loop;
    volatile Task<?> task;
    volatile boolean completed;
    Object value;
    Throwable error;

    /** Loop thread only: the loop's outside-wait count no longer includes this wait. */
    private boolean released;

    StageWait(Task<?> task) {
      this.task = task;
      this.loop = task.loop;
    }

    @Override
    public void accept(Object value, Throwable error) {
      this.value = value;
      this.error = error == null ? null : AwaitSupport.failure(error);
      completed = true;
      try {
        loop.callSoonThreadsafe(this);
      } catch (IllegalStateException closed) {
        // the loop closed meanwhile: nobody waits any more
      }
    }

    /** Ends the loop's count of this wait, once (on completion, or when the task stops waiting). */
    void release() {
      if (!released) {
        released = true;
        loop.endOutsideWait();
      }
    }

    @Override
    public void run() { // on the loop
      release();
      Task<?> t = task;
      if (t != null && t.waiter == this) {
        loop.readyTask(t);
      }
    }
  }
}
