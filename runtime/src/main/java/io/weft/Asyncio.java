package io.weft;

import io.weft.internal.NotWoven;
import java.util.concurrent.CompletionStage;

/**
 * The functions of Python's {@code asyncio} module, in camelCase: {@code asyncio.create_task} is
 * {@code Asyncio.createTask}. Import them statically: {@code import static io.weft.Asyncio.*;}.
 *
 * <p>This class holds the suspension points of async coroutines ({@link #await(Awaitable)}, {@link
 * #yieldFrom(Awaitable)}) and the way a coroutine returns ({@link #done(Object)}). They are rewritten
 * by the weaver inside {@link Coroutine @Coroutine} methods and throw {@link
 * IllegalStateException} anywhere else.
 */
public final class Asyncio {
  private Asyncio() {}

  /**
   * Waits for {@code coro} and evaluates to its result. Python's {@code await}. A coroutine runs to
   * completion inside the current one, without a trip through the event loop unless it waits for
   * something itself; resuming through any depth of nested awaits costs the same. A {@link Future}
   * (or {@link Task}) that is done gives its result at once; one that is pending suspends the
   * current task until it completes. A cancellation of the current task is raised here as {@link
   * CancelledError}.
   *
   * @param coro the coroutine or future. Not null; a coroutine must not have been awaited before.
   * @param <T> the result type
   * @return the coroutine's result
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T await(Awaitable<T> coro) {
    throw NotWoven.error("Asyncio.await");
  }

  /**
   * Waits for {@code stage} to complete and evaluates to its value, or raises its exception
   * (unwrapped from {@link java.util.concurrent.CompletionException}). A Java addition: any
   * {@link CompletionStage} is awaitable. A stage that is already complete is taken without
   * suspending.
   *
   * @param stage the stage to wait for. Not null.
   * @param <T> the value type
   * @return the stage's value
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T await(CompletionStage<T> stage) {
    throw NotWoven.error("Asyncio.await");
  }

  /**
   * The same suspension as {@link #await(Awaitable)}, in the older spelling of the seeds ({@code
   * yield from coro} inside an {@code @asyncio.coroutine}).
   *
   * @param coro the coroutine to run. Not null.
   * @param <T> the result type
   * @return the coroutine's result
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T yieldFrom(Awaitable<T> coro) {
    throw NotWoven.error("Asyncio.yieldFrom");
  }

  /**
   * The same suspension as {@link #await(CompletionStage)}, in the seeds' older spelling.
   *
   * @param stage the stage to wait for. Not null.
   * @param <T> the value type
   * @return the stage's value
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T yieldFrom(CompletionStage<T> stage) {
    throw NotWoven.error("Asyncio.yieldFrom");
  }

  /**
   * Ends the coroutine with no result: write {@code return done();}. Python's bare {@code
   * return} in an {@code async def}.
   *
   * @param <T> the coroutine's result type
   * @return nothing: the weaver turns the {@code return} into the end of the coroutine
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> Coro<T> done() {
    throw NotWoven.error("Asyncio.done");
  }

  /**
   * Ends the coroutine with {@code result}: write {@code return done(result);}. Python's {@code
   * return result} in an {@code async def}.
   *
   * @param result the result. May be null.
   * @param <T> the coroutine's result type
   * @return nothing: the weaver turns the {@code return} into the end of the coroutine
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> Coro<T> done(T result) {
    throw NotWoven.error("Asyncio.done");
  }

  // ---------------------------------------------------------------------------- running

  /**
   * Runs {@code main} on a new event loop and returns its result, then cancels the tasks still
   * pending (waiting for them to finish), closes async generators, shuts the default executor
   * down and closes the loop. Python's {@code asyncio.run(main)}. On the main thread, Ctrl-C
   * cancels the main task; if it then ends cancelled, {@link KeyboardInterrupt} is raised.
   *
   * @param main the coroutine to run. Not null.
   * @param <T> the result type
   * @return its result
   * @throws IllegalStateException "asyncio.run() cannot be called from a running event loop"
   */
  public static <T> T run(Coro<T> main) {
    return run(main, null, null);
  }

  /**
   * {@link #run(Coro)} with debug mode on or off. Python's {@code asyncio.run(main, debug=debug)}.
   *
   * @param main the coroutine to run. Not null.
   * @param debug whether the loop runs in debug mode
   * @param <T> the result type
   * @return its result
   */
  public static <T> T run(Coro<T> main, boolean debug) {
    return run(main, debug, null);
  }

  /**
   * {@link #run(Coro)} on a loop made by {@code loopFactory}, e.g. {@code () -> new
   * EventLoop(Clock.virtual())} for virtual time. Python's {@code asyncio.run(main, debug=debug,
   * loop_factory=loopFactory)}.
   *
   * @param main the coroutine to run. Not null.
   * @param debug whether the loop runs in debug mode, or null to leave the loop's setting
   * @param loopFactory makes the loop, or null for {@code new EventLoop()}
   * @param <T> the result type
   * @return its result
   */
  public static <T> T run(
      Coro<T> main, Boolean debug, java.util.function.Supplier<EventLoop> loopFactory) {
    java.util.Objects.requireNonNull(main, "main");
    if (EventLoop.RUNNING.get() != null) {
      main.close(); // Python closes it too, so it does not warn "never awaited"
      throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
    }
    try (Runner runner = new Runner(debug, loopFactory)) {
      return runner.run(main);
    }
  }

  // ---------------------------------------------------------------------------- loops

  /**
   * Returns the event loop running on this thread. Python's {@code asyncio.get_running_loop()}.
   *
   * @return the loop
   * @throws IllegalStateException "no running event loop"
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = EventLoop.RUNNING.get();
    if (loop == null) {
      throw new IllegalStateException("no running event loop");
    }
    return loop;
  }

  /**
   * Returns the loop running on this thread, else the loop {@link #setEventLoop set} for it.
   * Python 3.14's {@code asyncio.get_event_loop()}: it no longer creates a loop.
   *
   * @return the loop
   * @throws IllegalStateException when no loop runs and none was set
   */
  public static EventLoop getEventLoop() {
    EventLoop loop = EventLoop.RUNNING.get();
    if (loop == null) {
      loop = EventLoop.THREAD_LOOP.get();
    }
    if (loop == null) {
      throw new IllegalStateException(
          "There is no current event loop in thread '" + Thread.currentThread().getName() + "'.");
    }
    return loop;
  }

  /**
   * Sets the loop {@link #getEventLoop()} returns on this thread when none is running; null
   * clears it. Python's {@code asyncio.set_event_loop(loop)}.
   *
   * @param loop the loop, or null
   */
  public static void setEventLoop(EventLoop loop) {
    if (loop == null) {
      EventLoop.THREAD_LOOP.remove();
    } else {
      EventLoop.THREAD_LOOP.set(loop);
    }
  }

  /**
   * Creates a new event loop. Python's {@code asyncio.new_event_loop()}.
   *
   * @return the loop
   */
  public static EventLoop newEventLoop() {
    return new EventLoop();
  }

  // ---------------------------------------------------------------------------- tasks

  /**
   * Returns a coroutine that completes after {@code delay} seconds. Python's {@code
   * asyncio.sleep(delay)}. {@code sleep(0)} yields to the loop once: every other ready callback
   * runs before the task resumes. Cancelling the sleeping task cancels the timer.
   *
   * @param delay seconds; 0 or less yields once
   * @return the coroutine
   * @throws IllegalArgumentException when {@code delay} is NaN
   */
  public static Coro<Void> sleep(double delay) {
    return sleep(delay, null);
  }

  /**
   * Returns a coroutine that completes with {@code result} after {@code delay} seconds. Python's
   * {@code asyncio.sleep(delay, result)}.
   *
   * @param delay seconds; 0 or less yields once
   * @param result what awaiting it evaluates to. May be null.
   * @param <T> the result type
   * @return the coroutine
   * @throws IllegalArgumentException when {@code delay} is NaN
   */
  public static <T> Coro<T> sleep(double delay, T result) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
    }
    return new Sleep<>(delay, result);
  }

  /**
   * Schedules {@code coro} as a task on the running loop. Python's {@code
   * asyncio.create_task(coro)}. Keep a reference to the task or await it; the loop keeps running
   * tasks alive until they finish.
   *
   * @param coro the coroutine. Not null.
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "no running event loop"
   */
  public static <T> Task<T> createTask(Coro<T> coro) {
    return getRunningLoop().createTask(coro);
  }

  /**
   * Schedules {@code coro} as a task named {@code name}. Python's {@code asyncio.create_task(coro,
   * name=name)}.
   *
   * @param coro the coroutine. Not null.
   * @param name the name, or null for {@code "Task-N"}
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "no running event loop"
   */
  public static <T> Task<T> createTask(Coro<T> coro, String name) {
    return getRunningLoop().createTask(coro, name);
  }

  /**
   * Returns {@code awaitable} as a future: a future as it is, a coroutine wrapped in a task on the
   * running loop (or the loop set for this thread). Python's {@code asyncio.ensure_future(obj)}.
   *
   * @param awaitable a coroutine or future. Not null.
   * @param <T> the result type
   * @return the future
   */
  public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
    java.util.Objects.requireNonNull(awaitable, "awaitable");
    if (awaitable instanceof Future) {
      return (Future<T>) awaitable;
    }
    return ensureFuture(awaitable, getEventLoop());
  }

  /**
   * Returns {@code awaitable} as a future of {@code loop}. Python's {@code
   * asyncio.ensure_future(obj, loop=loop)}.
   *
   * @param awaitable a coroutine or future. Not null.
   * @param loop the loop. Not null.
   * @param <T> the result type
   * @return the future
   * @throws IllegalArgumentException when {@code awaitable} is a future of another loop
   */
  public static <T> Future<T> ensureFuture(Awaitable<T> awaitable, EventLoop loop) {
    java.util.Objects.requireNonNull(awaitable, "awaitable");
    if (awaitable instanceof Future) {
      Future<T> f = (Future<T>) awaitable;
      if (f.getLoop() != loop) {
        throw new IllegalArgumentException(
            "The future belongs to a different loop than the one specified as the loop argument");
      }
      return f;
    }
    if (awaitable instanceof Coro) {
      return loop.createTask((Coro<T>) awaitable);
    }
    throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is "
        + "required, got " + awaitable.getClass().getName());
  }

  /**
   * Returns the task running on this thread's loop, or null when no task is running (in a plain
   * callback). Python's {@code asyncio.current_task()}.
   *
   * @return the task, or null
   * @throws IllegalStateException "no running event loop"
   */
  public static Task<?> currentTask() {
    return getRunningLoop().currentTask;
  }

  /**
   * Returns the task running on {@code loop}, or null. Python's {@code
   * asyncio.current_task(loop)}.
   *
   * @param loop the loop. Not null.
   * @return the task, or null
   */
  public static Task<?> currentTask(EventLoop loop) {
    return loop.currentTask;
  }

  /**
   * Returns the unfinished tasks of the running loop. Python's {@code asyncio.all_tasks()}.
   *
   * @return a new set of them
   * @throws IllegalStateException "no running event loop"
   */
  public static java.util.Set<Task<?>> allTasks() {
    return allTasks(getRunningLoop());
  }

  /**
   * Returns the unfinished tasks of {@code loop}. Python's {@code asyncio.all_tasks(loop)}.
   *
   * @param loop the loop. Not null.
   * @return a new set of them, in no particular order
   */
  public static java.util.Set<Task<?>> allTasks(EventLoop loop) {
    java.util.Set<Task<?>> tasks = new java.util.LinkedHashSet<>();
    for (Task<?> t = loop.firstTask; t != null; t = t.nextTask) {
      if (!t.done()) {
        tasks.add(t);
      }
    }
    return tasks;
  }

  /**
   * The task factory that starts each task eagerly: the coroutine runs inside {@code
   * createTask} up to its first suspension, and a coroutine that finishes there never goes
   * through the loop. Python's {@code asyncio.eager_task_factory}: {@code
   * loop.setTaskFactory(Asyncio::eagerTaskFactory)}.
   *
   * @param loop the loop
   * @param coro the coroutine
   * @param name the task's name, or null
   * @return the task, possibly already done
   */
  public static Task<?> eagerTaskFactory(EventLoop loop, Coro<?> coro, String name) {
    return new Task<>(loop, coro, name, true);
  }

  // ---------------------------------------------------------------------------- threads

  /**
   * Returns a future of the running loop that completes as {@code stage} does (its exception
   * unwrapped from {@link java.util.concurrent.CompletionException}); cancelling the future
   * cancels {@code stage} when it is a {@link java.util.concurrent.Future}. Python's {@code
   * asyncio.wrap_future(fut)}.
   *
   * @param stage the stage. Not null.
   * @param <T> the value type
   * @return the future
   * @throws IllegalStateException when no loop runs and none was set
   */
  public static <T> Future<T> wrapFuture(java.util.concurrent.CompletionStage<T> stage) {
    return wrapFuture(stage, getEventLoop());
  }

  /**
   * {@link #wrapFuture(java.util.concurrent.CompletionStage)} on a given loop. Python's {@code
   * asyncio.wrap_future(fut, loop=loop)}.
   *
   * @param stage the stage. Not null.
   * @param loop the loop. Not null.
   * @param <T> the value type
   * @return the future
   */
  public static <T> Future<T> wrapFuture(
      java.util.concurrent.CompletionStage<T> stage, EventLoop loop) {
    java.util.Objects.requireNonNull(stage, "stage");
    return loop.wrap(stage);
  }

  /**
   * Submits {@code coro} to {@code loop} from another thread and returns a Java future of its
   * result; cancelling that future cancels the task. Python's {@code
   * asyncio.run_coroutine_threadsafe(coro, loop)}. Thread-safe.
   *
   * @param coro the coroutine. Not null.
   * @param loop the loop, usually running on another thread. Not null.
   * @param <T> the result type
   * @return a CompletableFuture completed on the loop's thread
   * @throws IllegalStateException "Event loop is closed"
   */
  public static <T> java.util.concurrent.CompletableFuture<T> runCoroutineThreadsafe(
      Coro<T> coro, EventLoop loop) {
    java.util.Objects.requireNonNull(coro, "coro");
    java.util.concurrent.CompletableFuture<T> result =
        new java.util.concurrent.CompletableFuture<>();
    loop.callSoonThreadsafe(() -> {
      if (result.isDone()) {
        coro.close(); // cancelled before it was scheduled
        return;
      }
      Task<T> task;
      try {
        task = loop.createTask(coro);
      } catch (Throwable t) {
        result.completeExceptionally(t);
        throw t;
      }
      task.addDoneCallback(t -> {
        if (t.cancelled()) {
          result.cancel(false);
        } else if (t.exception() != null) {
          result.completeExceptionally(t.exception());
        } else {
          result.complete(t.result());
        }
      });
      result.whenComplete((v, e) -> {
        if (result.isCancelled()) {
          try {
            loop.callSoonThreadsafe(task::cancel);
          } catch (IllegalStateException closed) {
            // nothing left to cancel
          }
        }
      });
    });
    return result;
  }

  /**
   * Runs {@code fn} on the running loop's default executor and returns a future of its result.
   * Python's {@code await asyncio.to_thread(func)}.
   *
   * @param fn the job. Not null.
   * @param <T> the result type
   * @return the future
   * @throws IllegalStateException "no running event loop"
   */
  public static <T> Future<T> toThread(java.util.concurrent.Callable<T> fn) {
    return getRunningLoop().runInExecutor(null, fn);
  }

  /** What awaiting a failed CompletionStage raises: its cause, a cancellation as CancelledError. */
  static Throwable asAwaitError(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof java.util.concurrent.CancellationException) {
      CancelledError cancelled = new CancelledError(cause.getMessage());
      cancelled.initCause(cause);
      return cancelled;
    }
    return cause;
  }

  /** The cause a CompletionStage failed with, without CompletionException wrappers. */
  static Throwable unwrap(Throwable error) {
    while ((error instanceof java.util.concurrent.CompletionException
            || error instanceof java.util.concurrent.ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
