package io.weft;

import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A group of tasks that a block of code waits for before it ends: Python's {@code
 * asyncio.TaskGroup} (3.11). Python's
 * <pre>
 *   async with asyncio.TaskGroup() as tg:
 *       tg.create_task(a())
 *       tg.create_task(b())
 *   # both done here
 * </pre>
 * is written {@code await(TaskGroup.run(tg -> body(tg)))} with {@code body} a {@code @Coroutine}
 * method that calls {@link #createTask(Coro) tg.createTask(...)}. The body runs inside the
 * awaiting task (the <i>parent</i>); {@code run} returns once the body and every task of the group
 * are done, with the body's value.
 *
 * <p><b>Errors.</b> The first task that fails with anything but a {@link CancelledError} makes
 * the group abort: every other task is cancelled, and the parent is cancelled once (so the body,
 * wherever it is suspended, stops too). When all are done, the errors of the tasks and of the
 * body (other than CancelledError) are raised together as one {@link ExceptionGroup} ("unhandled
 * errors in a TaskGroup (N sub-exceptions)"). A {@link KeyboardInterrupt} or {@link
 * VirtualMachineError} (Python's KeyboardInterrupt / SystemExit) is raised bare instead, after the
 * tasks finish; the other errors are then reported to the loop's exception handler.
 *
 * <p><b>Cancellation.</b> A cancellation of the parent from outside cancels every task; {@code
 * run} raises CancelledError once they are done. The group withdraws (with {@link Task#uncancel()})
 * only the cancellation it requested itself, so the parent's {@link Task#cancelling()} count stays
 * right, also when outside cancellations arrived meanwhile (re-requested if errors are raised).
 *
 * <pre>
 *  state         createTask()                       reached by
 *  new           "has not been entered"             constructor
 *  entered       creates the task                   run / enter awaited
 *  aborting      "is shutting down"                 first task error, or the body raised
 *  exiting       creates the task (while any runs)  the body returned or raised
 *  finished      "is finished"                      exiting with no task left
 * </pre>
 *
 * <p><b>Thread:</b> the loop's thread. A TaskGroup is entered once.
 */
public final class TaskGroup {
  private boolean entered;
  private boolean exiting;
  private boolean aborting;
  private EventLoop loop;
  private Task<?> parentTask;
  private boolean parentCancelRequested;
  private final Set<Task<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private Throwable baseError;
  private Future<Boolean> onCompletedFut;
  private final Consumer<Future<?>> onTaskDone = new OnTaskDone();

  /**
   * The callback on each task of the group: the call graph follows it to the parent task, which
   * waits for the group's tasks (Python 3.14's {@code future_add_to_awaited_by(task, parent)}).
   */
  private final class OnTaskDone implements Consumer<Future<?>>, WaitingCallback {
    @Override
    public void accept(Future<?> f) {
      onTaskDone(f);
    }

    @Override
    public Future<?> awaiter() {
      return parentTask;
    }
  }

  /** Creates a group, not yet entered. Python's {@code asyncio.TaskGroup()}. */
  public TaskGroup() {}

  /**
   * Returns a coroutine that runs {@code body} with a new group, then waits for every task of the
   * group: Python's {@code async with TaskGroup() as tg: body}. Same as {@code new
   * TaskGroup().enter(body)}.
   *
   * <p><b>Suspends</b> until the body and all tasks are done. <b>Cancellation:</b> see the class
   * comment. <b>Thread:</b> the loop's, in a task.
   *
   * @param body makes the block's coroutine from the group, e.g. {@code tg -> body(tg)}. Not null.
   * @param <R> the body's result type
   * @return the coroutine; it evaluates to the body's value
   * @throws ExceptionGroup (when awaited) the errors of the tasks and the body
   */
  public static <R> Coro<R> run(AsyncFunction<? super TaskGroup, R> body) {
    return new TaskGroup().enter(body);
  }

  /**
   * Returns a coroutine that enters this group, runs {@code body} with it in the awaiting task,
   * and exits by waiting for every task: Python's {@code async with tg: body} on an existing
   * group ({@code __aenter__} / {@code __aexit__}).
   *
   * @param body makes the block's coroutine from this group. Not null.
   * @param <R> the body's result type
   * @return the coroutine; it evaluates to the body's value
   * @throws IllegalStateException (when awaited) "TaskGroup ... has already been entered";
   *     "TaskGroup ... cannot determine the parent task" outside a task
   */
  @SuppressWarnings("unchecked")
  public <R> Coro<R> enter(AsyncFunction<? super TaskGroup, R> body) {
    Objects.requireNonNull(body, "TaskGroup body");
    return (Coro<R>) (Coro<?>) new Block(body);
  }

  /**
   * Creates a task of this group running {@code coro}. Python's {@code TaskGroup.create_task}.
   * The group waits for it; its failure aborts the group.
   *
   * @param coro the coroutine. Not null; closed when the group refuses it (Python 3.13).
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "TaskGroup ... has not been entered" / "is finished" / "is
   *     shutting down"
   */
  public <T> Task<T> createTask(Coro<T> coro) {
    return createTask(coro, null);
  }

  /**
   * Creates a named task of this group. Python's {@code TaskGroup.create_task(coro, name=name)}.
   *
   * @param coro the coroutine. Not null; closed when the group refuses it.
   * @param name the task's name, or null for {@code "Task-N"}
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "TaskGroup ... has not been entered" / "is finished" / "is
   *     shutting down"
   */
  public <T> Task<T> createTask(Coro<T> coro, String name) {
    Objects.requireNonNull(coro, "coro");
    if (!entered) {
      coro.close();
      throw new IllegalStateException("TaskGroup " + this + " has not been entered");
    }
    if (exiting && tasks.isEmpty()) {
      coro.close();
      throw new IllegalStateException("TaskGroup " + this + " is finished");
    }
    if (aborting) {
      coro.close();
      throw new IllegalStateException("TaskGroup " + this + " is shutting down");
    }
    Task<T> task = loop.createTask(coro, name);
    // Always hooked, even when an eager task is already done: gh-128550.
    tasks.add(task);
    task.addDoneCallback(onTaskDone);
    if (aborting && !task.done()) {
      task.cancel(); // gh-155418: an eager task aborted the group while starting
    }
    return task;
  }

  /** Python's {@code _is_base_error}: errors that end the group bare, not grouped. */
  private static boolean isBaseError(Throwable t) {
    return t instanceof KeyboardInterrupt || t instanceof VirtualMachineError;
  }

  /** Python's {@code _abort}. */
  private void abort() {
    aborting = true;
    for (Task<?> t : tasks) {
      if (!t.done()) {
        t.cancel();
      }
    }
  }

  /** Python's {@code _on_task_done}. */
  private void onTaskDone(Future<?> f) {
    Task<?> task = (Task<?>) f;
    tasks.remove(task);
    if (onCompletedFut != null && tasks.isEmpty() && !onCompletedFut.done()) {
      onCompletedFut.setResult(true);
    }
    if (task.cancelled()) {
      return;
    }
    Throwable exc = task.exception();
    if (exc == null) {
      return;
    }
    errors.add(exc);
    if (isBaseError(exc) && baseError == null) {
      baseError = exc;
    }
    if (parentTask.done()) {
      loop.callExceptionHandler(EventLoop.context("Task " + task + " has errored out but its "
          + "parent task " + parentTask + " is already completed", exc, "task", task));
      return;
    }
    if (!aborting && !parentCancelRequested) {
      // Cancel the parent once, to stop whatever the body awaits; exit() withdraws it again.
      abort();
      parentCancelRequested = true;
      parentTask.cancel();
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<TaskGroup");
    if (!tasks.isEmpty()) {
      s.append(" tasks=").append(tasks.size());
    }
    if (!errors.isEmpty()) {
      s.append(" errors=").append(errors.size());
    }
    if (aborting) {
      s.append(" cancelling");
    } else if (entered) {
      s.append(" entered");
    }
    return s.append('>').toString();
  }

  /**
   * The {@code async with} block as a frame.
   *
   * <pre>
   *  label 0  __aenter__; await body(tg) (delegated to, in the parent task)
   *  label 1  body left: note its error, abort if it raised
   *  label 2  while tasks remain: await onCompletedFut (a CancelledError here aborts the group)
   *  then     the exit decision of Python's _aexit
   * </pre>
   */
  private final class Block extends CoroFrame {
    private AsyncFunction<? super TaskGroup, ?> body;
    private Object result;
    private Throwable bodyError;
    private Throwable propagateCancellation;
    private Throwable pendingCancellation;

    Block(AsyncFunction<? super TaskGroup, ?> body) {
      this.body = body;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          aenter();
          Coro<?> coro;
          try {
            coro = Objects.requireNonNull(body.apply(TaskGroup.this),
                "the TaskGroup body returned null instead of a coroutine");
          } catch (Throwable t) {
            body = null;
            return bodyLeft(t);
          }
          body = null;
          value = coro;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            result = resumeValue();
          } catch (Throwable t) {
            return bodyLeft(t);
          }
          return bodyLeft(null);
        case 2:
          try {
            resumeValue();
          } catch (CancelledError ex) {
            pendingCancellation = ex;
            if (!aborting) {
              // The parent is cancelled from outside while tasks still run.
              propagateCancellation = ex;
              abort();
            }
          }
          onCompletedFut = null;
          return awaitTasks();
        default:
          throw new IllegalStateException("TaskGroup block resumed at unknown label " + label);
      }
    }

    /** Python's {@code __aenter__}. */
    private void aenter() {
      if (entered) {
        throw new IllegalStateException("TaskGroup " + TaskGroup.this + " has already been entered");
      }
      if (loop == null) {
        loop = Asyncio.getRunningLoop();
      }
      parentTask = loop.currentTask;
      if (parentTask == null) {
        throw new IllegalStateException(
            "TaskGroup " + TaskGroup.this + " cannot determine the parent task");
      }
      entered = true;
    }

    /** The first half of Python's {@code _aexit}, up to its wait loop. */
    private Object bodyLeft(Throwable error) {
      exiting = true;
      bodyError = error;
      if (error != null && isBaseError(error) && baseError == null) {
        baseError = error;
      }
      propagateCancellation = error instanceof CancelledError ? error : null;
      if (error != null && !aborting) {
        abort(); // the body raised, or the parent is being cancelled
      }
      return awaitTasks();
    }

    /** Python's {@code while self._tasks:} loop, then the exit decision. */
    private Object awaitTasks() {
      if (!tasks.isEmpty()) {
        if (onCompletedFut == null) {
          onCompletedFut = loop.createFuture();
        }
        value = onCompletedFut;
        label = 2;
        return Frame.AWAIT;
      }
      return finish();
    }

    private Object finish() {
      if (baseError != null) {
        // The base error wins; report the others rather than lose them (gh-135736).
        for (Throwable suppressed : errors) {
          if (suppressed != baseError) {
            loop.callExceptionHandler(EventLoop.context("TaskGroup task exception was not "
                + "propagated because the TaskGroup body is being closed with a BaseException",
                suppressed, "task_group", TaskGroup.this));
          }
        }
        throw Future.sneaky(baseError);
      }
      Throwable propagate = propagateCancellation;
      if (parentCancelRequested) {
        // We cancelled the parent ourselves: withdraw exactly that request.
        if (parentTask.uncancel() == 0) {
          propagate = null;
        } else if (propagate == null) {
          propagate = pendingCancellation; // gh-155433: the remaining cancellation is not ours
        }
      }
      if (propagate != null && errors.isEmpty()) {
        throw Future.sneaky(propagate);
      }
      if (bodyError != null && !(bodyError instanceof CancelledError)) {
        errors.add(bodyError);
      }
      if (!errors.isEmpty()) {
        if (parentTask.cancelling() > 0) {
          // Cancelled from outside too: keep that request counted once (Python 3.13).
          parentTask.uncancel();
          parentTask.cancel();
        }
        if (bodyError instanceof GeneratorExit && errors.size() == 1) {
          throw Future.sneaky(bodyError); // an async generator's aclose() must see it bare
        }
        throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
      }
      return result;
    }
  }
}
