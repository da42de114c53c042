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

  // ---------------------------------------------------------------------------- debug

  /**
   * Makes every coroutine created from now on record the {@code depth} innermost frames of the
   * code creating it, so that one collected without ever being awaited is reported as
   * "coroutine 'C.m' was never awaited" with where it was created; 0 turns it off. A loop in
   * {@linkplain EventLoop#setDebug debug mode} tracks 10 frames while it runs, whatever this is
   * set to, and {@code -Dweft.debug=true} sets it to 10 at startup. Python's {@code
   * sys.set_coroutine_origin_tracking_depth(depth)}. Thread-safe; it applies to all threads.
   *
   * <p>Costs nothing measurable while off; while on, each coroutine creation walks the stack.
   * Once a debug loop has run, creating a coroutine keeps the cost of a call that returns at once
   * (re-arming the hook per loop run would recompile every caller); setting 0 removes it.
   * The report goes to the exception handler of the debug loop running on the creating thread
   * (see {@link EventLoop#reportAbandoned()}), else to the {@code System.Logger} "io.weft".
   *
   * @param depth the number of frames; not negative
   * @throws IllegalArgumentException when {@code depth} is negative
   */
  public static void setCoroutineOriginTrackingDepth(int depth) {
    io.weft.internal.CoroutineOrigins.setDepth(depth);
  }

  /**
   * Returns the coroutine origin tracking depth in effect: the one set, or 10 while a loop runs
   * in debug mode, whichever is larger; 0 when off. Python's {@code
   * sys.get_coroutine_origin_tracking_depth()}. Thread-safe.
   *
   * @return the depth
   */
  public static int getCoroutineOriginTrackingDepth() {
    return io.weft.internal.CoroutineOrigins.depth();
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

  // ---------------------------------------------------------------------------- introspection

  /**
   * Returns the async call graph of the current task: where it is (the methods on this thread's
   * stack from the caller down to the task, then the coroutines it is suspended in), and, level
   * by level, the tasks awaiting it. Python's {@code asyncio.capture_call_graph()} (3.14).
   *
   * <p><b>Thread:</b> the running loop's.
   *
   * @return the graph; null when no task is running (in a plain callback)
   * @throws IllegalStateException outside a running event loop
   */
  public static FutureCallGraph captureCallGraph() {
    return CallGraph.capture(null, 1, null);
  }

  /**
   * Returns the async call graph of {@code future}: Python's {@code
   * asyncio.capture_call_graph(future)} (3.14). A task shows the coroutines it is suspended in; a
   * plain future has no call stack. "Awaited by" lists the tasks waiting for it: awaiting it,
   * gathering, shielding or {@code wait}ing on it, and, for a {@link TaskGroup}'s task, the task
   * that runs the group.
   *
   * <p><b>Thread:</b> the future's loop's.
   *
   * @param future the future or task, or null for the current task
   * @return the graph; null when {@code future} is null and no task is running
   * @throws IllegalStateException when {@code future} is null outside a running event loop
   */
  public static FutureCallGraph captureCallGraph(Future<?> future) {
    return CallGraph.capture(future, 1, null);
  }

  /**
   * Python's {@code asyncio.capture_call_graph(future, depth=depth, limit=limit)} (3.14).
   *
   * @param future the future or task, or null for the current task
   * @param depth for the current task, the first method of this thread's stack to show: 1 is the
   *     caller of this method, 2 its caller, and so on (Python's {@code sys._getframe(depth)});
   *     ignored for other futures. At least 1.
   * @param limit null for every frame; n &gt; 0 keeps the n outermost frames of each call stack
   *     (nearest to where its task started), n &lt; 0 the |n| innermost, 0 none (only the
   *     "awaited by" links)
   * @return the graph; null when {@code future} is null and no task is running
   * @throws IllegalArgumentException when {@code depth} is below 1
   * @throws IllegalStateException when {@code future} is null outside a running event loop
   */
  public static FutureCallGraph captureCallGraph(Future<?> future, int depth, Integer limit) {
    return CallGraph.capture(future, depth, limit);
  }

  /**
   * Returns the current task's call graph as text. Python's {@code asyncio.format_call_graph()}
   * (3.14):
   *
   * <pre>
   * * Task(name='worker', id=0x1b6d3586)
   *   + Call stack:
   *   |   File 'Worker.java', line 12, in async Worker.fetch()
   *   |   File 'Worker.java', line 20, in async Worker.run()
   *   + Awaited by:
   *     * Task(name='Task-1', id=0x4554617c)
   *       + Call stack:
   *       |   File 'Main.java', line 8, in async Main.main()
   * </pre>
   *
   * Call stacks are innermost first; each "awaited by" level is indented four more spaces.
   *
   * @return the text, without a trailing newline; empty when no task is running
   * @throws IllegalStateException outside a running event loop
   */
  public static String formatCallGraph() {
    return CallGraph.format(CallGraph.capture(null, 1, null));
  }

  /**
   * Returns {@code future}'s call graph as text: Python's {@code
   * asyncio.format_call_graph(future)} (3.14). See {@link #formatCallGraph()}.
   *
   * @param future the future or task, or null for the current task
   * @return the text, without a trailing newline; empty when there is no graph
   * @throws IllegalStateException when {@code future} is null outside a running event loop
   */
  public static String formatCallGraph(Future<?> future) {
    return CallGraph.format(CallGraph.capture(future, 1, null));
  }

  /**
   * Python's {@code asyncio.format_call_graph(future, depth=depth, limit=limit)} (3.14); see
   * {@link #captureCallGraph(Future, int, Integer)} for the arguments.
   *
   * @param future the future or task, or null for the current task
   * @param depth the first method of this thread's stack to show, 1 being the caller
   * @param limit null for every frame, n &gt; 0 the n outermost, n &lt; 0 the |n| innermost
   * @return the text, without a trailing newline; empty when there is no graph
   */
  public static String formatCallGraph(Future<?> future, int depth, Integer limit) {
    return CallGraph.format(CallGraph.capture(future, depth, limit));
  }

  /**
   * Prints the current task's call graph to {@code System.out}: Python's {@code
   * asyncio.print_call_graph()} (3.14). See {@link #formatCallGraph()}.
   *
   * @throws IllegalStateException outside a running event loop
   */
  public static void printCallGraph() {
    System.out.println(CallGraph.format(CallGraph.capture(null, 1, null)));
  }

  /**
   * Prints {@code future}'s call graph to {@code System.out}: Python's {@code
   * asyncio.print_call_graph(future)} (3.14).
   *
   * @param future the future or task, or null for the current task
   */
  public static void printCallGraph(Future<?> future) {
    System.out.println(CallGraph.format(CallGraph.capture(future, 1, null)));
  }

  /**
   * Python's {@code asyncio.print_call_graph(future, file=out, depth=depth, limit=limit)} (3.14).
   *
   * @param future the future or task, or null for the current task
   * @param out where to print, or null for {@code System.out}
   * @param depth the first method of this thread's stack to show, 1 being the caller
   * @param limit null for every frame, n &gt; 0 the n outermost, n &lt; 0 the |n| innermost
   */
  public static void printCallGraph(
      Future<?> future, java.io.PrintStream out, int depth, Integer limit) {
    (out != null ? out : System.out).println(CallGraph.format(CallGraph.capture(future, depth,
        limit)));
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

  // ---------------------------------------------------------------------------- combinators
  // gather, wait, waitFor, shield, asCompleted, timeout (tasks.py, timeouts.py); TaskGroup is
  // its own class. Each is implemented in its own file; these are the entry points.

  /** Python's {@code asyncio.FIRST_COMPLETED}: see {@link ReturnWhen#FIRST_COMPLETED}. */
  public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;

  /** Python's {@code asyncio.FIRST_EXCEPTION}: see {@link ReturnWhen#FIRST_EXCEPTION}. */
  public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;

  /** Python's {@code asyncio.ALL_COMPLETED}: see {@link ReturnWhen#ALL_COMPLETED}. */
  public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

  /**
   * Runs {@code aws} concurrently and returns a future of their results, in argument order.
   * Python's {@code asyncio.gather(*aws)}. Same as {@link #gather(boolean, java.util.List)
   * gather(false, List.of(aws))}.
   *
   * @param aws coroutines (each wrapped in a task at once), tasks or futures. Not null, no null
   *     element; none at all gives a future already done with an empty list.
   * @return the gathering future
   * @throws NullPointerException when {@code aws} or one of its elements is null
   */
  public static Future<java.util.List<Object>> gather(Awaitable<?>... aws) {
    return gather(false, aws);
  }

  /**
   * {@link #gather(Awaitable...)} with Python's {@code return_exceptions} flag.
   *
   * @param returnExceptions true to put failures (and cancellations, as {@link CancelledError})
   *     in the result list instead of failing the gathering future
   * @param aws coroutines, tasks or futures. Not null, no null element.
   * @return the gathering future
   * @throws NullPointerException when {@code aws} or one of its elements is null
   */
  public static Future<java.util.List<Object>> gather(boolean returnExceptions, Awaitable<?>... aws) {
    java.util.Objects.requireNonNull(aws, "gather() awaitables: the array is null");
    return GatheringFuture.gather(returnExceptions, java.util.Arrays.asList(aws));
  }

  /**
   * Runs {@code aws} concurrently and returns a future of their results, in list order. Python's
   * {@code asyncio.gather(*aws)}.
   *
   * <p>Coroutines are wrapped in tasks at once; an awaitable listed twice is one child whose
   * result appears twice. The first child to fail (or to be cancelled, raised as {@link
   * CancelledError}) fails the gathering future at once; the other children keep running and their
   * later failures are not reported as "never retrieved".
   *
   * <p><b>Cancellation:</b> cancelling the gathering future (as cancelling the task awaiting it
   * does) cancels every child that is not done; it then completes cancelled once all children are
   * done. Once it is done, cancelling it does nothing to the children. <b>Thread:</b> the loop's.
   *
   * @param aws coroutines, tasks or futures of one loop. Not null, no null element; an empty list
   *     gives a future already done with an empty list (of the running or set loop).
   * @param <T> the children's result type
   * @return the gathering future
   * @throws NullPointerException when {@code aws} or one of its elements is null (checked before
   *     any coroutine is wrapped)
   */
  public static <T> Future<java.util.List<T>> gather(java.util.List<? extends Awaitable<? extends T>> aws) {
    return gather(false, aws);
  }

  /**
   * {@link #gather(java.util.List)} with Python's {@code return_exceptions} flag: when true, failures and
   * cancellations of children (as {@link CancelledError}) are entries of the result list, so the
   * list is typed {@code java.util.List<T>} only by convention. Python's {@code asyncio.gather(*aws,
   * return_exceptions=True)}. A cancel() of the gathering future still makes it cancelled.
   *
   * @param returnExceptions true to collect failures as results
   * @param aws coroutines, tasks or futures. Not null, no null element.
   * @param <T> the children's result type
   * @return the gathering future
   * @throws NullPointerException when {@code aws} or one of its elements is null
   */
  public static <T> Future<java.util.List<T>> gather(
      boolean returnExceptions, java.util.List<? extends Awaitable<? extends T>> aws) {
    return GatheringFuture.gather(returnExceptions, aws);
  }

  /**
   * Waits until every future of {@code fs} is done. Python's {@code asyncio.wait(fs)}.
   *
   * <p>Call it qualified, {@code Asyncio.wait(fs)}: every class inherits {@code Object.wait},
   * which hides a static import of this name.
   *
   * @param fs tasks or futures. Not null, not empty, no null element, no coroutine.
   * @param <F> the type of the futures
   * @return a coroutine evaluating to the {@code (done, pending)} sets
   * @throws IllegalArgumentException "Set of Tasks/Futures is empty."; "Passing coroutines is
   *     forbidden, use tasks explicitly."
   * @throws NullPointerException when {@code fs} or an element is null
   * @see #wait(java.util.Collection, double, ReturnWhen)
   */
  public static <F extends Awaitable<?>> Coro<WaitResult<F>> wait(
      java.util.Collection<? extends F> fs) {
    return Wait.wait(fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
  }

  /**
   * Waits for the futures of {@code fs} until {@code returnWhen} is met or {@code timeout}
   * seconds pass, and evaluates to the {@code (done, pending)} sets. Python's {@code
   * asyncio.wait(fs, timeout=timeout, return_when=returnWhen)}.
   *
   * <p><b>Suspends</b> until then; never raises on timeout and never cancels a future of {@code
   * fs}. <b>Cancellation:</b> cancelling the waiting task stops the wait only. <b>Thread:</b> the
   * loop's. Unlike Python, the arguments are checked when {@code wait} is called, not when the
   * coroutine starts. Coroutines are refused, as in Python 3.11+: a task made here would be
   * missing from both sets; wrap them with {@link #createTask} first.
   *
   * @param fs tasks or futures of the running loop. Not null, not empty, no null element.
   * @param timeout seconds, or {@link Double#POSITIVE_INFINITY} (Python's None) for no limit
   * @param returnWhen {@link #FIRST_COMPLETED}, {@link #FIRST_EXCEPTION} or {@link
   *     #ALL_COMPLETED}. Not null.
   * @param <F> the type of the futures
   * @return a coroutine evaluating to the {@code (done, pending)} sets
   * @throws IllegalArgumentException "Set of Tasks/Futures is empty."; a coroutine in {@code fs};
   *     a NaN timeout
   * @throws NullPointerException when {@code fs}, an element or {@code returnWhen} is null
   */
  public static <F extends Awaitable<?>> Coro<WaitResult<F>> wait(
      java.util.Collection<? extends F> fs, double timeout, ReturnWhen returnWhen) {
    return Wait.wait(fs, timeout, returnWhen);
  }

  /**
   * Waits for {@code aw} for at most {@code timeout} seconds. Python 3.12's {@code
   * asyncio.wait_for(aw, timeout)}, built on {@link #timeout(double)}.
   *
   * <p>A coroutine runs in the awaiting task (it is not wrapped in a task); a future is awaited.
   * <b>On timeout</b> the awaiting task is cancelled, which cancels what it awaits; {@code waitFor}
   * waits for that cancellation to finish (so it may take longer than {@code timeout}), then raises
   * {@link TimeoutError} caused by the {@link CancelledError}. If the cancelled code returns a value
   * instead, that value is returned; an exception it raises while cancelling propagates. With
   * {@code timeout <= 0}, {@code aw} is wrapped in a task (Python's ensure_future) that never runs
   * unless it is already done: it is cancelled and waited for at once. <b>Cancellation</b> of the
   * awaiting task cancels {@code aw} and propagates. <b>Thread:</b> the loop's, in a task.
   *
   * @param aw a coroutine, task or future. Not null.
   * @param timeout seconds, or {@link Double#POSITIVE_INFINITY} (Python's None) for no limit
   * @param <T> the result type
   * @return a coroutine evaluating to {@code aw}'s result
   * @throws IllegalArgumentException when {@code timeout} is NaN
   */
  public static <T> Coro<T> waitFor(Awaitable<T> aw, double timeout) {
    return WaitFor.waitFor(aw, timeout);
  }

  /**
   * Protects {@code aw} from the cancellation of the task awaiting it. Python's {@code
   * asyncio.shield(aw)}.
   *
   * <p>Returns a new future that mirrors {@code aw} (wrapped in a task if it is a coroutine).
   * Cancelling that future (as cancelling the awaiting task does) leaves {@code aw} running; if
   * {@code aw} then fails, nobody can receive the error, so it is reported to the loop's exception
   * handler as "&lt;Class&gt; exception in shielded future" (Python 3.14). If {@code aw} itself is
   * cancelled, the returned future is cancelled too. A done {@code aw} is returned as it is. Keep a
   * reference to the inner task. <b>Thread:</b> the loop's.
   *
   * @param aw a coroutine, task or future. Not null.
   * @param <T> the result type
   * @return the outer future, or {@code aw} itself when it is a done future
   */
  public static <T> Future<T> shield(Awaitable<T> aw) {
    return Shield.shield(aw);
  }

  /**
   * Runs {@code aws} concurrently and returns coroutines that give their results in completion
   * order: Python's {@code for next in asyncio.as_completed(aws): r = await next}. Same as {@link
   * #asCompleted(java.util.Collection, double)} with no timeout.
   *
   * @param aws coroutines (wrapped in tasks at once), tasks or futures. Not null, no null element.
   * @param <T> the result type
   * @return a single-use iterable of coroutines
   */
  public static <T> Iterable<Coro<T>> asCompleted(
      java.util.Collection<? extends Awaitable<? extends T>> aws) {
    return new AsCompleted<T>(aws, Double.POSITIVE_INFINITY);
  }

  /**
   * Runs {@code aws} concurrently and returns one coroutine per distinct awaitable; awaiting the
   * i-th gives the result (or raises the exception) of the i-th to finish. Python's {@code
   * asyncio.as_completed(aws, timeout=timeout)} used as a plain iterator.
   *
   * <p><b>Timeout:</b> after {@code timeout} seconds, each coroutine not yet satisfied raises {@link
   * TimeoutError}; nothing is cancelled. <b>Cancellation</b> of a task awaiting one coroutine
   * passes its turn to the next. <b>Thread:</b> the loop's. The iterable is its own iterator, so it
   * can be iterated once, like Python's. The async-iterator form of Python 3.13 (yielding the
   * original futures) is not provided yet.
   *
   * @param aws coroutines (wrapped in tasks at once), tasks or futures. Not null, no null element.
   * @param timeout seconds, or {@link Double#POSITIVE_INFINITY} (Python's None) for no limit
   * @param <T> the result type
   * @return a single-use iterable of coroutines
   * @throws IllegalArgumentException when {@code timeout} is NaN
   */
  public static <T> Iterable<Coro<T>> asCompleted(
      java.util.Collection<? extends Awaitable<? extends T>> aws, double timeout) {
    return new AsCompleted<T>(aws, timeout);
  }

  /**
   * Returns a timeout whose deadline is {@code delay} seconds from now on the running loop.
   * Python's {@code asyncio.timeout(delay)}: write {@code await(timeout(d).run(body()))} for
   * {@code async with asyncio.timeout(d): await body()}.
   *
   * @param delay seconds, or {@link Double#POSITIVE_INFINITY} (Python's None) for no deadline
   * @return the timeout, not yet entered
   * @throws IllegalStateException "no running event loop"
   * @throws IllegalArgumentException when {@code delay} is NaN
   */
  public static Timeout timeout(double delay) {
    EventLoop loop = getRunningLoop();
    return new Timeout(delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay);
  }

  /**
   * Returns a timeout with the absolute deadline {@code when}, in {@link EventLoop#time()}
   * seconds. Python's {@code asyncio.timeout_at(when)}.
   *
   * @param when the deadline, or {@link Double#POSITIVE_INFINITY} (Python's None) for none
   * @return the timeout, not yet entered
   * @throws IllegalArgumentException when {@code when} is NaN
   */
  public static Timeout timeoutAt(double when) {
    return new Timeout(when);
  }

  // ---------------------------------------------------------------------------- streams

  /**
   * Returns a coroutine that opens a TCP connection and wraps it in a reader and a writer, the
   * reader's limit being 64 KiB. Python's {@code await asyncio.open_connection(host, port)}.
   *
   * <p><b>Suspends</b> while resolving and connecting; see {@link
   * EventLoop#createConnection}, whose errors it raises ({@link ConnectionRefusedError} when
   * refused, {@link io.weft.net.GaiError} when the name does not resolve).
   * <b>Cancellation:</b> a cancellation point; cancelled, it leaves no connection open.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @return the coroutine; it evaluates to the {@code (reader, writer)} pair
   */
  public static Coro<io.weft.net.Streams> openConnection(String host, int port) {
    return openConnection(host, port, io.weft.net.StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Like {@link #openConnection(String, int)}, with the reader's limit. Python's {@code
   * open_connection(host, port, limit=limit)}.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param limit the reader's limit (see {@link io.weft.net.StreamReader}); positive
   * @return the coroutine
   */
  public static Coro<io.weft.net.Streams> openConnection(String host, int port, int limit) {
    return io.weft.net.Streams.openConnection(host, port, limit);
  }

  /**
   * Like {@link #openConnection(String, int)}, with TLS when {@code options} carry an {@link
   * javax.net.ssl.SSLContext}. Python's {@code await asyncio.open_connection(host, port,
   * ssl=ctx, server_hostname=..., ssl_handshake_timeout=..., ssl_shutdown_timeout=...)}. See
   * {@link EventLoop#createConnection(java.util.function.Supplier, String, int,
   * io.weft.net.ConnectionOptions)} for the handshake and its errors, and docs/tls.md.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param options TLS and its timeouts. Not null.
   * @return the coroutine; it evaluates to the {@code (reader, writer)} pair, once the
   *     handshake has succeeded
   */
  public static Coro<io.weft.net.Streams> openConnection(String host, int port,
      io.weft.net.ConnectionOptions options) {
    return openConnection(host, port, io.weft.net.StreamReader.DEFAULT_LIMIT, options);
  }

  /**
   * Like {@link #openConnection(String, int, io.weft.net.ConnectionOptions)}, with the reader's
   * limit. Python's {@code open_connection(host, port, limit=limit, ssl=ctx, ...)}.
   *
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param limit the reader's limit; positive
   * @param options TLS and its timeouts. Not null.
   * @return the coroutine
   */
  public static Coro<io.weft.net.Streams> openConnection(String host, int port, int limit,
      io.weft.net.ConnectionOptions options) {
    return io.weft.net.Streams.openConnection(host, port, limit, options);
  }

  /**
   * Returns a coroutine that starts a TCP server calling {@code clientConnected} with a reader
   * and a writer for each connection. Python's {@code await asyncio.start_server(cb, host,
   * port)}. A coroutine the callback returns runs in a new task.
   *
   * @param clientConnected the callback; an async lambda {@code (reader, writer) -> { ...; return
   *     done(); }} or a plain one returning null. Not null.
   * @param host the host to bind to, or null for every interface
   * @param port the port; 0 lets the system choose one
   * @return the coroutine; it evaluates to the {@link io.weft.net.Server}, serving
   * @see EventLoop#createServer(java.util.function.Supplier, String, int,
   *     io.weft.net.ServerOptions)
   */
  public static Coro<io.weft.net.Server> startServer(
      io.weft.net.ClientConnected clientConnected, String host, int port) {
    return startServer(clientConnected, host, port, io.weft.net.ServerOptions.defaults());
  }

  /**
   * Like {@link #startServer(io.weft.net.ClientConnected, String, int)}, with the server's
   * options. Python's {@code start_server(cb, host, port, backlog=..., start_serving=...)}.
   *
   * @param clientConnected the callback. Not null.
   * @param host the host to bind to, or null for every interface
   * @param port the port; 0 lets the system choose one
   * @param options the server's options. Not null.
   * @return the coroutine
   */
  public static Coro<io.weft.net.Server> startServer(
      io.weft.net.ClientConnected clientConnected, String host, int port,
      io.weft.net.ServerOptions options) {
    return startServer(clientConnected, host, port, io.weft.net.StreamReader.DEFAULT_LIMIT,
        options);
  }

  /**
   * Like {@link #startServer(io.weft.net.ClientConnected, String, int)}, with each reader's
   * limit and the server's options. Python's {@code start_server(cb, host, port, limit=...,
   * ...)}.
   *
   * @param clientConnected the callback. Not null.
   * @param host the host to bind to, or null for every interface
   * @param port the port; 0 lets the system choose one
   * @param limit each reader's limit; positive
   * @param options the server's options. Not null.
   * @return the coroutine
   */
  public static Coro<io.weft.net.Server> startServer(
      io.weft.net.ClientConnected clientConnected, String host, int port, int limit,
      io.weft.net.ServerOptions options) {
    return io.weft.net.Streams.startServer(clientConnected, host, port, limit, options);
  }

  /**
   * Returns a coroutine that connects to the Unix-domain stream socket at {@code path} and wraps
   * the connection in a reader (limit 64 KiB) and a writer. Python's {@code await
   * asyncio.open_unix_connection(path)}.
   *
   * <p><b>Suspends</b> while connecting; raises what {@link EventLoop#createUnixConnection}
   * raises ({@link ConnectionRefusedError} for a stale socket file, {@link OSError} when there is
   * none). <b>Cancellation:</b> a cancellation point; cancelled, it leaves no connection open.
   *
   * @param path the server's socket file. Not null.
   * @return the coroutine; it evaluates to the {@code (reader, writer)} pair
   */
  public static Coro<io.weft.net.Streams> openUnixConnection(java.nio.file.Path path) {
    return openUnixConnection(path, io.weft.net.StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Like {@link #openUnixConnection(java.nio.file.Path)}, with the reader's limit. Python's
   * {@code open_unix_connection(path, limit=limit)}.
   *
   * @param path the server's socket file. Not null.
   * @param limit the reader's limit; positive
   * @return the coroutine
   */
  public static Coro<io.weft.net.Streams> openUnixConnection(java.nio.file.Path path,
      int limit) {
    return io.weft.net.UnixEvents.openUnixConnection(path, limit);
  }

  /**
   * Returns a coroutine that starts a Unix-domain stream server on {@code path}, calling {@code
   * clientConnected} with a reader and a writer for each connection. Python's {@code await
   * asyncio.start_unix_server(cb, path)}. A stale socket file is removed first; closing the
   * server removes its socket file (see {@link EventLoop#createUnixServer(
   * java.util.function.Supplier, java.nio.file.Path, io.weft.net.ServerOptions, boolean)}).
   *
   * @param clientConnected the callback, as for {@link #startServer}. Not null.
   * @param path the socket file to create. Not null.
   * @return the coroutine; it evaluates to the server, serving
   */
  public static Coro<io.weft.net.Server> startUnixServer(
      io.weft.net.ClientConnected clientConnected, java.nio.file.Path path) {
    return startUnixServer(clientConnected, path, io.weft.net.StreamReader.DEFAULT_LIMIT,
        io.weft.net.ServerOptions.defaults());
  }

  /**
   * Like {@link #startUnixServer(io.weft.net.ClientConnected, java.nio.file.Path)}, with each
   * reader's limit and the server's options. Python's {@code start_unix_server(cb, path,
   * limit=..., backlog=..., start_serving=...)}.
   *
   * @param clientConnected the callback. Not null.
   * @param path the socket file to create. Not null.
   * @param limit each reader's limit; positive
   * @param options the server's options ({@code reusePort} must be false). Not null.
   * @return the coroutine
   */
  public static Coro<io.weft.net.Server> startUnixServer(
      io.weft.net.ClientConnected clientConnected, java.nio.file.Path path, int limit,
      io.weft.net.ServerOptions options) {
    return io.weft.net.UnixEvents.startUnixServer(clientConnected, path, limit, options);
  }

  // ---------------------------------------------------------------------------- subprocess

  /**
   * Returns a coroutine that starts {@code program} with {@code args}, its three standard streams
   * inherited. Python's {@code await asyncio.create_subprocess_exec(program, *args)}. See {@link
   * io.weft.subprocess.Subprocess#createSubprocessExec}.
   *
   * @param program the program; looked up on the PATH when it has no {@code /}. Not null.
   * @param args its arguments. Not null.
   * @return the coroutine; it evaluates to the {@link io.weft.subprocess.Process}
   */
  public static Coro<io.weft.subprocess.Process> createSubprocessExec(String program,
      String... args) {
    java.util.Objects.requireNonNull(args, "args");
    return io.weft.subprocess.Subprocess.createSubprocessExec(program,
        java.util.Arrays.asList(args), io.weft.subprocess.SubprocessOptions.defaults());
  }

  /**
   * Returns a coroutine that starts {@code program} with {@code args} and {@code options}.
   * Python's {@code await asyncio.create_subprocess_exec(program, *args, stdin=PIPE, ...)}. See
   * {@link io.weft.subprocess.Subprocess#createSubprocessExec}, which raises a {@link
   * java.io.FileNotFoundException} (Python's {@code FileNotFoundError}) for a missing program.
   *
   * @param program the program; looked up on the PATH when it has no {@code /}. Not null.
   * @param args its arguments. Not null.
   * @param options the redirections ({@link io.weft.subprocess.Redirect}), limit, working
   *     directory and environment. Not null.
   * @return the coroutine; it evaluates to the {@link io.weft.subprocess.Process}
   */
  public static Coro<io.weft.subprocess.Process> createSubprocessExec(String program,
      java.util.List<String> args, io.weft.subprocess.SubprocessOptions options) {
    return io.weft.subprocess.Subprocess.createSubprocessExec(program, args, options);
  }

  /**
   * Returns a coroutine that runs {@code cmd} with {@code /bin/sh -c}, its three standard
   * streams inherited. Python's {@code await asyncio.create_subprocess_shell(cmd)}. See {@link
   * io.weft.subprocess.Subprocess#createSubprocessShell}.
   *
   * @param cmd the command line. Not null.
   * @return the coroutine; it evaluates to the {@link io.weft.subprocess.Process}
   */
  public static Coro<io.weft.subprocess.Process> createSubprocessShell(String cmd) {
    return createSubprocessShell(cmd, io.weft.subprocess.SubprocessOptions.defaults());
  }

  /**
   * Returns a coroutine that runs {@code cmd} with {@code /bin/sh -c} and {@code options}.
   * Python's {@code await asyncio.create_subprocess_shell(cmd, stdin=PIPE, ...)}. See {@link
   * io.weft.subprocess.Subprocess#createSubprocessShell}.
   *
   * @param cmd the command line. Not null.
   * @param options the redirections, limit, working directory and environment. Not null.
   * @return the coroutine; it evaluates to the {@link io.weft.subprocess.Process}
   */
  public static Coro<io.weft.subprocess.Process> createSubprocessShell(String cmd,
      io.weft.subprocess.SubprocessOptions options) {
    return io.weft.subprocess.Subprocess.createSubprocessShell(cmd, options);
  }
}
