package io.weft;

import io.weft.internal.AwaitSupport;
import io.weft.internal.CoroutineOrigins;
import io.weft.internal.Frame;
import io.weft.internal.LoopInternals;
import io.weft.internal.OpenResources;
import io.weft.internal.jfr.Jfr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread's event loop: runs callbacks, timers, I/O readiness callbacks and the steps of
 * {@link Task tasks}, one at a time, on the thread that calls {@link #runForever()} or {@link
 * #runUntilComplete}. Python's {@code asyncio.EventLoop} (a {@code SelectorEventLoop}).
 *
 * <h2>One iteration</h2>
 *
 * Python's {@code BaseEventLoop._run_once}: compute how long to wait (0 when callbacks are ready,
 * else until the next timer, else until something happens), wait for I/O with a {@link Selector},
 * queue the I/O callbacks and the callbacks other threads sent, queue the timers that are due
 * (ordered by deadline, then by scheduling order), then run exactly the callbacks that were queued
 * when the run began; callbacks they schedule run on the next iteration. Last, before waiting
 * again, the socket transports send the small writes they kept during the iteration (see {@code
 * docs/streams.md}, "Flow control"); Python has no such step.
 *
 * <h2>Threads</h2>
 *
 * Not thread-safe, like Python's: every method must be called on the loop's thread except {@link
 * #callSoonThreadsafe}, {@link #isRunning()}, {@link #isClosed()}, {@link #time()} and {@link
 * #getDebug()}. In {@linkplain #setDebug(boolean) debug mode} the scheduling methods check it and
 * throw {@link IllegalStateException} when called from another thread while the loop runs.
 *
 * <h2>Time</h2>
 *
 * {@link #time()} reads the loop's {@link Clock}: the machine's monotonic clock by default, or a
 * {@linkplain Clock#virtual() virtual clock} that jumps to the next timer whenever the loop is
 * idle, for tests and simulations.
 */
public class EventLoop implements AutoCloseable {
  /** The loop running on each thread: Python's {@code _running_loop}. */
  static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

  /** The loop set for each thread: Python's policy {@code set_event_loop}. */
  static final ThreadLocal<EventLoop> THREAD_LOOP = new ThreadLocal<>();

  private static final System.Logger LOG = System.getLogger("io.weft");

  /** Timers this close to due run now: Python's {@code _clock_resolution}. */
  private static final double CLOCK_RESOLUTION = 1e-9;

  /** The longest single wait: Python's {@code MAXIMUM_SELECT_TIMEOUT}. */
  private static final double MAXIMUM_SELECT_TIMEOUT = 24 * 3600;

  /** Rebuild the timer heap when more than this many timers are cancelled ... */
  private static final int MIN_SCHEDULED_TIMER_HANDLES = 100;

  private static final AtomicInteger EXECUTOR_IDS = new AtomicInteger();

  private final Clock clock;

  /** Handles to run and tasks to step (a {@link Task} entry means "run its next step"). */
  private ArrayDeque<Object> ready = new ArrayDeque<>();

  /** A pass ran this many entries or more: drop the queue's big array once it is empty again. */
  private static final int SHRINK_READY_AFTER = 4096;

  /** Callbacks from other threads, moved to {@link #ready} by the loop. */
  private final ConcurrentLinkedQueue<Handle> threadsafe = new ConcurrentLinkedQueue<>();

  /** The timers: a binary heap ordered by (when, sequence), with lazy cancellation. */
  private TimerHandle[] heap = new TimerHandle[16];

  private int heapSize;
  private int cancelledTimers;
  private int timerSequence;

  /** The iteration's number, for {@link LoopInternals#iteration}: one more at each end. */
  private long iterations;

  /**
   * The work {@link LoopInternals#atIterationEnd} queued for the end of this iteration, in
   * slots 0 to {@code iterationEndCount - 1}; the array is kept for the next iterations.
   */
  private Runnable[] iterationEnd = NO_WORK;

  private int iterationEndCount;

  private static final Runnable[] NO_WORK = {};

  static {
    LoopInternals.install(new Internals());
  }

  private volatile Selector selector;
  private volatile Thread thread;
  private volatile boolean closed;
  /** Python's {@code PYTHONASYNCIODEBUG=1}: {@code -Dweft.debug=true} starts loops in debug. */
  private volatile boolean debug = Boolean.getBoolean("weft.debug");

  /** Loop thread: this loop told CoroutineOrigins it runs in debug mode here. */
  private boolean trackingOrigins;

  /** Debug mode: the failed futures whose exception nobody has read yet (see reportAbandoned). */
  private Set<Future.Failure> unretrieved;

  /** See {@link #setStallHandler}. */
  private Runnable stallHandler;

  private double stallCushion;

  private boolean stopping;

  /** Whether {@link LoopMonitor} knows this loop: it is told on the first run. */
  private boolean monitored;
  private double slowCallbackDuration = 0.1;

  /** Jobs and stages started by this loop whose completion will arrive from another thread. */
  private int outsideWaits;

  private ExceptionHandler exceptionHandler;
  private TaskFactory taskFactory;
  private ExecutorService defaultExecutor;
  private boolean executorShutdownCalled;
  private boolean asyncgensShutdownCalled;
  private final Set<Object> asyncgens = Collections.newSetFromMap(new WeakHashMap<>());

  /** The task whose step is running: Python's {@code _current_tasks[loop]}. */
  Task<?> currentTask;

  /** The unfinished tasks, as an intrusive doubly linked list (Python 3.14 keeps one too). */
  Task<?> firstTask;

  /**
   * Creates a loop on the machine's monotonic clock. Python's {@code asyncio.new_event_loop()}.
   */
  public EventLoop() {
    this(Clock.system());
  }

  /**
   * Creates a loop reading {@code clock}: pass {@link Clock#virtual()} for virtual time.
   *
   * @param clock the clock. Not null; a virtual clock must not be shared between loops.
   */
  public EventLoop(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  // ------------------------------------------------------------------------------ running

  /**
   * Runs the loop until {@link #stop()} is called. Python's {@code loop.run_forever()}.
   *
   * @throws IllegalStateException when the loop is closed or already running, or another loop is
   *     running on this thread
   */
  public void runForever() {
    checkClosed();
    if (thread != null) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (RUNNING.get() != null) {
      throw new IllegalStateException(
          "Cannot run the event loop while another loop is running");
    }
    thread = Thread.currentThread();
    RUNNING.set(this);
    if (!monitored) {
      monitored = true;
      LoopMonitor.running(this); // once: the JMX task dump lists live loops, weakly held
    }
    Object previousHook = AsyncGenTracking.install(this);
    if (debug) {
      trackOrigins(true); // Python's run_forever: _set_coroutine_origin_tracking(self._debug)
    }
    try {
      for (; ; ) {
        runOnce();
        if (stopping) {
          break;
        }
      }
    } finally {
      stopping = false;
      trackOrigins(false);
      AsyncGenTracking.restore(previousHook);
      RUNNING.remove();
      thread = null;
    }
  }

  /**
   * Runs the loop until {@code awaitable} completes and returns its result. A coroutine is wrapped
   * in a {@link Task}. Python's {@code loop.run_until_complete(future)}.
   *
   * @param awaitable a coroutine or a future of this loop. Not null.
   * @param <T> the result type
   * @return the result
   * @throws IllegalStateException "Event loop stopped before Future completed." when {@link
   *     #stop()} ended the loop first; also when closed or already running
   * @throws CancelledError when the future was cancelled
   * @throws RuntimeException the future's exception
   */
  public <T> T runUntilComplete(Awaitable<T> awaitable) {
    checkClosed();
    if (thread != null) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (RUNNING.get() != null) {
      throw new IllegalStateException(
          "Cannot run the event loop while another loop is running");
    }
    boolean newTask = !(awaitable instanceof Future);
    Future<T> future = Asyncio.ensureFuture(awaitable, this);
    java.util.function.Consumer<Future<T>> stopper = EventLoop::stopUnlessEscaped;
    future.addDoneCallback(stopper);
    try {
      runForever();
    } catch (Throwable t) {
      if (newTask && future.done() && !future.cancelled()) {
        future.markRetrieved(); // the exception escaped through the loop: do not log it twice
      }
      throw t;
    } finally {
      future.removeDoneCallback(stopper);
    }
    if (!future.done()) {
      throw new IllegalStateException("Event loop stopped before Future completed.");
    }
    return future.result();
  }

  /**
   * runUntilComplete's done callback: Python's {@code _run_until_complete_cb}. A KeyboardInterrupt
   * or VirtualMachineError has already left runForever (the task re-raised it), so stopping would
   * only leave a stale stop for the next run (Python issue #22429).
   */
  private static void stopUnlessEscaped(Future<?> f) {
    if (f.state == Future.EXCEPTION) {
      Throwable error = ((Future.Failure) f.outcome).error;
      if (Task.escapesLoop(error)) {
        return;
      }
    }
    f.getLoop().stop();
  }

  /**
   * Stops the loop after the current iteration; a loop stopped before it runs runs one iteration.
   * Python's {@code loop.stop()}. To stop it from another thread, {@code
   * loop.callSoonThreadsafe(loop::stop)}.
   */
  public void stop() {
    stopping = true;
  }

  /**
   * Returns whether the loop is running. Python's {@code loop.is_running()}. Thread-safe.
   *
   * @return true while {@link #runForever()} runs
   */
  public boolean isRunning() {
    return thread != null;
  }

  /** The thread running the loop, or null while it does not run. Any thread. */
  Thread runningThread() {
    return thread;
  }

  /**
   * Returns whether the loop was closed. Python's {@code loop.is_closed()}. Thread-safe.
   *
   * @return true once {@link #close()} ran
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the loop: drops every pending callback and timer, shuts down the default executor
   * without waiting, releases the selector. Idempotent. Python's {@code loop.close()}.
   *
   * @throws IllegalStateException "Cannot close a running event loop"
   */
  @Override
  public void close() {
    if (thread != null) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (closed) {
      return;
    }
    if (debug) {
      LOG.log(System.Logger.Level.DEBUG, "Close " + this);
      OpenResources.reportUnclosed(this); // transports and servers nobody closed
    }
    closed = true;
    ready.clear();
    threadsafe.clear();
    Arrays.fill(iterationEnd, 0, iterationEndCount, null); // left by an escape (runIterationEnd)
    iterationEndCount = 0;
    for (int i = 0; i < heapSize; i++) {
      heap[i].scheduled = false;
      heap[i] = null;
    }
    heapSize = 0;
    cancelledTimers = 0;
    executorShutdownCalled = true;
    ExecutorService executor = defaultExecutor;
    if (executor != null) {
      defaultExecutor = null;
      executor.shutdown();
    }
    Selector s = selector;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /**
   * One iteration: Python's {@code _run_once}. The only place callbacks and task steps are
   * invoked.
   */
  private void runOnce() {
    Object iteration = Jfr.ON ? Jfr.beginIteration() : null; // io.weft.LoopIteration, when on
    drainThreadsafe();
    // Python's _run_once: rebuild the heap when cancelled timers dominate, else drop the
    // cancelled ones at its head, before computing how long to wait.
    if (heapSize > MIN_SCHEDULED_TIMER_HANDLES && cancelledTimers * 2 > heapSize) {
      purgeCancelledTimers();
    } else {
      dropCancelledHeads();
    }
    double timeout;
    if (!ready.isEmpty() || stopping) {
      timeout = 0;
    } else {
      timeout = heapSize > 0 ? Math.max(0, heap[0].when - clock.time()) : -1;
    }
    long waitStart = iteration != null ? System.nanoTime() : 0;
    if (timeout != 0) {
      boolean timerAhead = heapSize > 0 && heap[0].when != Double.POSITIVE_INFINITY;
      if (clock.isVirtual() && timerAhead && !waitingOutside()) {
        clock.advanceTo(heap[0].when); // idle: virtual time jumps to the next timer
      } else if (!timerAhead && stallHandler != null && !waitingOutside()) {
        stalled();
      } else {
        // also when the next deadline is infinite (sleep(inf)): virtual time never reaches it
        waitForEvents(timeout);
      }
    } else if (selector != null && !selector.keys().isEmpty()) {
      waitForEvents(0);
    }
    long waited = iteration != null ? System.nanoTime() - waitStart : 0;
    drainThreadsafe();

    int due = 0;
    dropCancelledHeads();
    if (heapSize > 0) {
      // The clock is read only when a timer could be due: System.nanoTime() costs about as much
      // as a whole task step on a virtual machine, and a pass with only ready work needs no time.
      double end = clock.time() + CLOCK_RESOLUTION;
      for (; heapSize > 0 && heap[0].when < end; dropCancelledHeads()) {
        ready.add(popTimer());
        due++;
      }
    }

    int n = ready.size();
    // Timing each callback costs two clock reads: only in debug mode or when a recording
    // enables io.weft.SlowCallback, asked once per pass.
    if (debug || (Jfr.ON && Jfr.slowCallbackEnabled())) {
      for (int i = 0; i < n; i++) {
        runTimed(ready.poll());
      }
    } else {
      for (int i = 0; i < n; i++) {
        Object next = ready.poll();
        if (next instanceof Task) {
          ((Task<?>) next).step();
        } else {
          Handle h = (Handle) next;
          if (!h.cancelled) {
            h.run(this);
          }
        }
      }
    }
    iterations++; // what runs from here on is the next iteration's, as far as writes count
    if (iterationEndCount != 0) {
      runIterationEnd();
    }
    if (iteration != null) {
      Jfr.endIteration(iteration, this, waited, n, due, heapSize);
    }
    if (n >= SHRINK_READY_AFTER && ready.isEmpty()) {
      // ArrayDeque never shrinks: after a burst (a million tasks started at once) its array would
      // stay allocated for the life of the loop
      ready = new ArrayDeque<>();
    }
  }

  /**
   * Runs the work queued for the end of this iteration, in the order it was queued, and any it
   * queues meanwhile. What it throws goes to the exception handler, but a {@link
   * KeyboardInterrupt} or a {@link VirtualMachineError} leaves the loop, as from a callback: the
   * work not run yet then stays queued for the end of the next iteration.
   */
  private void runIterationEnd() {
    for (int i = 0; i < iterationEndCount; i++) {
      Runnable work = iterationEnd[i];
      iterationEnd[i] = null;
      try {
        work.run();
      } catch (Throwable t) {
        if (Task.escapesLoop(t)) {
          int left = iterationEndCount - i - 1;
          System.arraycopy(iterationEnd, i + 1, iterationEnd, 0, left);
          Arrays.fill(iterationEnd, left, iterationEndCount, null);
          iterationEndCount = left;
          throw Future.sneaky(t);
        }
        callExceptionHandler(context("Exception in iteration-end work " + Handle.describe(work),
            t));
      }
    }
    iterationEndCount = 0;
  }

  /** {@link LoopInternals#atIterationEnd}. */
  private void atIterationEnd(Runnable work) {
    Runnable[] queue = iterationEnd;
    if (iterationEndCount == queue.length) {
      iterationEnd = queue = Arrays.copyOf(queue, Math.max(8, 2 * queue.length));
    }
    queue[iterationEndCount++] = work;
  }

  /** The loop's side of {@link LoopInternals}, for {@code io.weft.net}. */
  private static final class Internals extends LoopInternals {
    @Override
    public long iteration(EventLoop loop) {
      return loop.iterations;
    }

    @Override
    public void atIterationEnd(EventLoop loop, Runnable work) {
      loop.atIterationEnd(Objects.requireNonNull(work, "work"));
    }
  }

  /**
   * Runs one callback or task step timed: for debug mode's slow-callback warning and the {@code
   * io.weft.SlowCallback} Flight Recorder event.
   */
  private void runTimed(Object next) {
    Handle h = null;
    if (!(next instanceof Task)) {
      h = (Handle) next;
      if (h.cancelled) {
        return;
      }
    }
    // debug mode's warning says where a slow step started; asked before the step moves on
    String from = debug && h == null ? stepOrigin((Task<?>) next) : null;
    Object event = Jfr.ON ? Jfr.beginCallback() : null;
    long t0 = System.nanoTime();
    if (h == null) {
      ((Task<?>) next).step();
    } else {
      h.run(this);
    }
    if (debug) {
      warnIfSlow(next, t0, from);
    }
    if (event != null) {
      Jfr.endCallback(event, next);
    }
  }

  /**
   * Debug mode: logs a callback or task step that took {@link #getSlowCallbackDuration()} or
   * longer, as Python's {@code _run_once} does ("Executing <Task ...> took 0.123 seconds"). A
   * callback prints as what it runs and where it was scheduled (see {@link Handle#toString()}); a
   * task step also says where its coroutine was resumed ({@code from}) and where it stopped.
   */
  private void warnIfSlow(Object what, long startNanos, String from) {
    double took = (System.nanoTime() - startNanos) / 1e9;
    if (took >= slowCallbackDuration) {
      String text = "Executing " + what + " took " + String.format("%.3f", took) + " seconds";
      if (from != null) {
        Task<?> task = (Task<?>) what;
        text += " (" + from + ", " + (task.done() ? "ran to its end" : "suspended at "
            + whereTaskStands(task)) + ")";
      }
      LOG.log(System.Logger.Level.WARNING, text);
    }
  }

  /**
   * Debug mode, before a task's step: "started at C.m(C.java:12)" or "resumed at ...", for the
   * slow-step warning; null when the task does not run a woven coroutine.
   */
  private static String stepOrigin(Task<?> task) {
    if (!(task.getCoro() instanceof Frame)) {
      return null;
    }
    boolean starting = ((Frame) task.getCoro()).state() == CoroutineState.CREATED;
    return (starting ? "started at " : "resumed at ") + whereTaskStands(task);
  }

  /**
   * The source location of the innermost coroutine of {@code task}'s await chain that has one
   * (the runtime's own frames have none), or null.
   */
  private static StackTraceElement whereTaskStands(Task<?> task) {
    StackTraceElement where = null;
    Object coro = task.getCoro();
    for (Frame f = coro instanceof Frame ? (Frame) coro : null; f != null; f = f.awaiting()) {
      StackTraceElement here = f.location();
      if (here != null) {
        where = here;
      }
    }
    return where;
  }

  /**
   * Nothing can wake the loop but a thread it does not know of: give such a thread {@link
   * #stallCushion} seconds to call back, then call the stall handler.
   */
  private void stalled() {
    waitForEvents(stallCushion);
    if (threadsafe.isEmpty() && !stopping) {
      new Handle(stallHandler).run(this); // what it throws goes to the exception handler
    }
  }

  /** Whether something outside the loop's own callbacks and timers may still wake it. */
  private boolean waitingOutside() {
    if (outsideWaits > 0 || !threadsafe.isEmpty()) {
      return true;
    }
    Selector s = selector;
    return s != null && !s.keys().isEmpty();
  }

  private void drainThreadsafe() {
    Handle h;
    while ((h = threadsafe.poll()) != null) {
      ready.add(h);
    }
  }

  /** Waits up to {@code timeout} seconds (forever when negative) for I/O or a wake-up. */
  private void waitForEvents(double timeout) {
    Selector s = selector();
    if (!threadsafe.isEmpty()) {
      timeout = 0; // a callback arrived after the last drain: do not sleep on it
    }
    long before = clock.isVirtual() ? System.nanoTime() : 0;
    try {
      if (timeout == 0) {
        s.selectNow();
      } else if (timeout < 0) {
        s.select();
      } else {
        long ms = (long) Math.ceil(Math.min(timeout, MAXIMUM_SELECT_TIMEOUT) * 1000);
        s.select(Math.max(1, ms));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("selector failed in " + this, e);
    }
    if (clock.isVirtual() && timeout != 0) {
      double elapsed = (System.nanoTime() - before) / 1e9;
      clock.advance(timeout > 0 ? Math.min(elapsed, timeout) : elapsed);
    }
    Set<SelectionKey> keys = s.selectedKeys();
    if (keys.isEmpty()) {
      return;
    }
    for (Iterator<SelectionKey> it = keys.iterator(); it.hasNext(); ) {
      SelectionKey key = it.next();
      it.remove();
      IoHandles io = (IoHandles) key.attachment();
      int ops;
      try {
        ops = key.readyOps();
      } catch (CancelledKeyException gone) {
        continue;
      }
      if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && io.reader != null) {
        addReady(io.reader);
      }
      if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && io.writer != null) {
        addReady(io.writer);
      }
    }
  }

  private void addReady(Handle h) {
    if (h.cancelled) {
      return;
    }
    ready.add(h);
  }

  /** The selector, opened on first use. */
  Selector selector() {
    Selector s = selector;
    if (s == null) {
      checkClosed();
      try {
        s = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a selector for " + this, e);
      }
      selector = s;
    }
    return s;
  }

  // ------------------------------------------------------------------------------ scheduling

  /**
   * Schedules {@code callback} to run on the next iteration, after the callbacks already
   * scheduled. Python's {@code loop.call_soon(callback)}.
   *
   * @param callback the callback. Not null. What it throws goes to the exception handler.
   * @return a handle that can cancel it
   * @throws IllegalStateException "Event loop is closed"; in debug mode, when called from a
   *     thread other than the running loop's
   */
  public Handle callSoon(Runnable callback) {
    checkClosed();
    checkThread();
    Objects.requireNonNull(callback, "callback");
    Handle h = new Handle(debug ? Handle.traced(callback) : callback);
    takePosted();
    ready.add(h);
    return h;
  }

  /**
   * Schedules {@code callback} from any thread, waking the loop if it is waiting. Python's {@code
   * loop.call_soon_threadsafe(callback)}. The only scheduling method that is thread-safe.
   *
   * @param callback the callback. Not null.
   * @return a handle that can cancel it, from any thread
   * @throws IllegalStateException "Event loop is closed"
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    checkClosed();
    Objects.requireNonNull(callback, "callback");
    Handle h = new Handle(debug ? Handle.traced(callback) : callback);
    threadsafe.add(h);
    Selector s = selector;
    if (s != null && Thread.currentThread() != thread) {
      s.wakeup();
    }
    return h;
  }

  /**
   * Schedules {@code callback} to run {@code delay} seconds from now. Python's {@code
   * loop.call_later(delay, callback)}. A delay of 0 or less means the next iteration, after the
   * callbacks already scheduled with {@link #callSoon}.
   *
   * @param delay seconds; not NaN
   * @param callback the callback. Not null.
   * @return a handle that can cancel it
   * @throws IllegalArgumentException when {@code delay} is NaN
   * @throws IllegalStateException "Event loop is closed"; the debug-mode thread check
   */
  public TimerHandle callLater(double delay, Runnable callback) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("callLater: delay must be a number, got NaN");
    }
    return callAt(time() + delay, callback);
  }

  /**
   * Schedules {@code callback} to run at loop time {@code when}. Python's {@code
   * loop.call_at(when, callback)}.
   *
   * @param when a time on the {@link #time()} scale; not NaN
   * @param callback the callback. Not null.
   * @return a handle that can cancel it
   * @throws IllegalArgumentException when {@code when} is NaN
   * @throws IllegalStateException "Event loop is closed"; the debug-mode thread check
   */
  public TimerHandle callAt(double when, Runnable callback) {
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException("callAt: when must be a number, got NaN");
    }
    checkClosed();
    checkThread();
    Objects.requireNonNull(callback, "callback");
    TimerHandle t = new TimerHandle.Callback(
        this, when, timerSequence++, debug ? Handle.traced(callback) : callback);
    pushTimer(t);
    return t;
  }

  /** Schedules a timer built elsewhere (a task's sleep). */
  void schedule(TimerHandle t) {
    pushTimer(t);
  }

  int nextTimerSequence() {
    return timerSequence++;
  }

  /** Python's {@code _timer_handle_cancelled}: a timer still in the heap was cancelled. */
  void timerCancelled() {
    cancelledTimers++;
  }

  /** Rebuilds the heap without its cancelled timers (Python's {@code _run_once} clean-up). */
  private void purgeCancelledTimers() {
    int n = 0;
    for (int i = 0; i < heapSize; i++) {
      TimerHandle t = heap[i];
      if (t.cancelled) {
        t.scheduled = false;
      } else {
        heap[n++] = t;
      }
    }
    Arrays.fill(heap, n, heapSize, null);
    heapSize = n;
    cancelledTimers = 0;
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  /** Returns how many timers in the heap are cancelled, for tests. */
  int cancelledTimers() {
    return cancelledTimers;
  }

  /** Returns the timer handles scheduled and not yet run, for tests and debugging. */
  int scheduledTimers() {
    return heapSize;
  }

  /**
   * Returns the loop's current time, in seconds. Python's {@code loop.time()}. Thread-safe.
   *
   * @return the time on the loop's {@link Clock}
   */
  public double time() {
    return clock.time();
  }

  /**
   * Returns the loop's clock. A Java addition.
   *
   * @return the clock given at construction
   */
  public Clock clock() {
    return clock;
  }

  // ------------------------------------------------------------------------------ futures, tasks

  /**
   * Creates a pending future bound to this loop. Python's {@code loop.create_future()}.
   *
   * @param <T> the result type
   * @return the future
   */
  public <T> Future<T> createFuture() {
    return new Future<>(this);
  }

  /**
   * Wraps {@code coro} in a task scheduled to start on this loop, through the task factory if one
   * is set. Python's {@code loop.create_task(coro)}.
   *
   * @param coro the coroutine. Not null.
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "Event loop is closed"
   */
  public <T> Task<T> createTask(Coro<T> coro) {
    return createTask(coro, null);
  }

  /**
   * Wraps {@code coro} in a task named {@code name}. Python's {@code loop.create_task(coro,
   * name=name)}.
   *
   * @param coro the coroutine. Not null.
   * @param name the task's name, or null for {@code "Task-N"}
   * @param <T> the result type
   * @return the task
   * @throws IllegalStateException "Event loop is closed"
   */
  @SuppressWarnings("unchecked")
  public <T> Task<T> createTask(Coro<T> coro, String name) {
    checkClosed();
    Objects.requireNonNull(coro, "coro");
    TaskFactory factory = taskFactory;
    if (factory == null) {
      return new Task<>(this, coro, name, false);
    }
    Task<?> task = factory.create(this, coro, name);
    if (task == null) {
      throw new IllegalStateException("the task factory " + factory + " returned null");
    }
    return (Task<T>) task;
  }

  /**
   * Makes {@link #createTask} use {@code factory}; null restores the default. Python's {@code
   * loop.set_task_factory(factory)}; pass {@code Asyncio::eagerTaskFactory} for eager tasks.
   *
   * @param factory the factory, or null
   */
  public void setTaskFactory(TaskFactory factory) {
    this.taskFactory = factory;
  }

  /**
   * Returns the task factory, or null for the default. Python's {@code loop.get_task_factory()}.
   *
   * @return the factory, or null
   */
  public TaskFactory getTaskFactory() {
    return taskFactory;
  }

  /** Builds tasks for {@link #createTask}: Python's task factory {@code (loop, coro, **kw)}. */
  @FunctionalInterface
  public interface TaskFactory {
    /**
     * Returns a task running {@code coro} on {@code loop}.
     *
     * @param loop the loop
     * @param coro the coroutine
     * @param name the name asked for, or null
     * @return the task; not null
     */
    Task<?> create(EventLoop loop, Coro<?> coro, String name);
  }

  void registerTask(Task<?> t) {
    Task<?> first = firstTask;
    t.nextTask = first;
    if (first != null) {
      first.prevTask = t;
    }
    firstTask = t;
  }

  void unregisterTask(Task<?> t) {
    Task<?> prev = t.prevTask;
    Task<?> next = t.nextTask;
    if (prev != null) {
      prev.nextTask = next;
    } else if (firstTask == t) {
      firstTask = next;
    } else {
      return; // not registered (an eager task that finished at once)
    }
    if (next != null) {
      next.prevTask = prev;
    }
    t.prevTask = null;
    t.nextTask = null;
  }

  /** Queues a task's next step. */
  void readyTask(Task<?> t) {
    takePosted();
    ready.add(t);
  }

  /**
   * Moves the callbacks other threads posted into the ready queue before the loop's own thread
   * appends to it. Python's {@code call_soon_threadsafe} appends to the same {@code _ready} deque
   * as {@code call_soon}, so a callback posted from another thread before a {@code call_soon}
   * runs first (test_events.py test_call_soon_threadsafe); Weft posts to a separate lock-free
   * queue, and this keeps that order. One volatile read when nothing was posted.
   */
  private void takePosted() {
    if (!threadsafe.isEmpty()) {
      drainThreadsafe();
    }
  }

  // ------------------------------------------------------------------------------ threads

  /**
   * Runs {@code fn} on {@code executor} (the default executor when null) and returns a future of
   * its result; cancelling the future before the job starts keeps it from running. Python's
   * {@code loop.run_in_executor(executor, func)}.
   *
   * @param executor the executor, or null for the loop's default one (a pool of daemon threads,
   *     at most {@code min(32, processors + 4)}, created on first use)
   * @param fn the job. Not null.
   * @param <T> the result type
   * @return a future of this loop, completed on the loop's thread
   * @throws IllegalStateException "Event loop is closed", or "Executor shutdown has been called"
   */
  public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
    checkClosed();
    checkThread();
    Objects.requireNonNull(fn, "fn");
    if (executor == null) {
      if (executorShutdownCalled) {
        throw new IllegalStateException("Executor shutdown has been called");
      }
      if (defaultExecutor == null) {
        defaultExecutor = newDefaultExecutor();
      }
      executor = defaultExecutor;
    }
    CompletableFuture<T> job = new CompletableFuture<>();
    executor.execute(() -> {
      if (job.isDone()) {
        return; // cancelled before it started
      }
      try {
        job.complete(fn.call());
      } catch (Throwable t) {
        job.completeExceptionally(t);
      }
    });
    return wrap(job);
  }

  private static ExecutorService newDefaultExecutor() {
    int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    int id = EXECUTOR_IDS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "weft-executor-" + id + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Makes {@code executor} the one {@link #runInExecutor} uses when given null. Python's {@code
   * loop.set_default_executor(executor)}.
   *
   * @param executor the executor. Not null.
   */
  public void setDefaultExecutor(ExecutorService executor) {
    this.defaultExecutor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Shuts the default executor down and returns a future that completes once its threads have
   * finished; later {@code runInExecutor(null, ...)} calls fail. Python's {@code await
   * loop.shutdown_default_executor()}.
   *
   * @return a future completed when the executor has terminated
   */
  public Future<Void> shutdownDefaultExecutor() {
    return shutdownDefaultExecutor(-1);
  }

  /**
   * Like {@link #shutdownDefaultExecutor()}, giving up waiting after {@code timeout} seconds (a
   * warning is logged and the threads are left to finish). Python's {@code
   * shutdown_default_executor(timeout)}.
   *
   * @param timeout seconds, or a negative value to wait without limit
   * @return a future completed when the executor has terminated or the timeout passed
   */
  public Future<Void> shutdownDefaultExecutor(double timeout) {
    executorShutdownCalled = true;
    Future<Void> done = createFuture();
    ExecutorService executor = defaultExecutor;
    if (executor == null) {
      done.setResult(null);
      return done;
    }
    outsideWaits++;
    Thread joiner = new Thread(() -> {
      executor.shutdown();
      boolean finished = true;
      try {
        finished = executor.awaitTermination(
            timeout < 0 ? Long.MAX_VALUE : (long) (timeout * 1e9), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean inTime = finished;
      try {
        callSoonThreadsafe(() -> {
          outsideWaits--;
          if (!inTime) {
            LOG.log(System.Logger.Level.WARNING, "The executor did not finish joining its threads"
                + " within " + timeout + " seconds.");
          }
          if (!done.done()) {
            done.setResult(null);
          }
        });
      } catch (IllegalStateException closedMeanwhile) {
        // the loop was closed without waiting for this future: nobody is left to tell
      }
    }, "weft-executor-shutdown");
    joiner.setDaemon(true);
    joiner.start();
    return done;
  }

  /**
   * Returns a future of this loop that completes as {@code stage} does; cancelling the future
   * cancels {@code stage} when it is a {@link java.util.concurrent.Future}.
   */
  <T> Future<T> wrap(CompletionStage<T> stage) {
    Future<T> future = createFuture();
    outsideWaits++;
    stage.whenComplete((value, error) -> {
      Runnable copy = () -> {
        outsideWaits--;
        if (future.done()) {
          return;
        }
        if (error == null) {
          future.setResult(value);
        } else {
          Throwable cause = AwaitSupport.failure(error);
          if (cause instanceof CancelledError) {
            future.cancel();
          } else {
            future.setException(cause);
          }
        }
      };
      if (Thread.currentThread() == thread) {
        copy.run();
      } else {
        try {
          callSoonThreadsafe(copy);
        } catch (IllegalStateException closedMeanwhile) {
          // the loop closed: nobody is left to tell
        }
      }
    });
    if (stage instanceof java.util.concurrent.Future) {
      java.util.concurrent.Future<?> jf = (java.util.concurrent.Future<?>) stage;
      future.addDoneCallback(f -> {
        if (f.cancelled()) {
          jf.cancel(false);
        }
      });
    }
    return future;
  }

  /** Counts a wait on another thread that will end with a thread-safe callback. */
  void beginOutsideWait() {
    outsideWaits++;
  }

  void endOutsideWait() {
    outsideWaits--;
  }

  // ------------------------------------------------------------------------------ I/O

  /**
   * Calls {@code callback} on every iteration in which {@code channel} is ready to read (or to
   * accept), replacing any reader already set for it. Python's {@code loop.add_reader(fd,
   * callback)}, for a NIO channel.
   *
   * @param channel a channel; it is made non-blocking
   * @param callback the callback. Not null.
   * @return the handle registered
   */
  public Handle addReader(SelectableChannel channel, Runnable callback) {
    return addIo(channel, callback, true);
  }

  /**
   * Calls {@code callback} on every iteration in which {@code channel} is ready to write (or has
   * connected), replacing any writer already set for it. Python's {@code loop.add_writer(fd,
   * callback)}.
   *
   * @param channel a channel; it is made non-blocking
   * @param callback the callback. Not null.
   * @return the handle registered
   */
  public Handle addWriter(SelectableChannel channel, Runnable callback) {
    return addIo(channel, callback, false);
  }

  /**
   * Stops watching {@code channel} for reading. Python's {@code loop.remove_reader(fd)}.
   *
   * @param channel the channel
   * @return true when a reader was registered
   */
  public boolean removeReader(SelectableChannel channel) {
    return removeIo(channel, true);
  }

  /**
   * Stops watching {@code channel} for writing. Python's {@code loop.remove_writer(fd)}.
   *
   * @param channel the channel
   * @return true when a writer was registered
   */
  public boolean removeWriter(SelectableChannel channel) {
    return removeIo(channel, false);
  }

  private Handle addIo(SelectableChannel channel, Runnable callback, boolean read) {
    checkClosed();
    checkThread();
    Objects.requireNonNull(channel, "channel");
    Handle h = new Handle(Objects.requireNonNull(callback, "callback"));
    Selector s = selector();
    SelectionKey key = channel.keyFor(s);
    try {
      if (key == null || !key.isValid()) {
        if (key != null) {
          s.selectNow(); // flush the cancelled key before registering again
        }
        channel.configureBlocking(false);
        IoHandles io = new IoHandles();
        key = channel.register(s, 0, io);
      }
    } catch (ClosedChannelException e) {
      throw new IllegalStateException("cannot watch a closed channel: " + channel, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IoHandles io = (IoHandles) key.attachment();
    if (read) {
      if (io.reader != null) {
        io.reader.cancel();
      }
      io.reader = h;
    } else {
      if (io.writer != null) {
        io.writer.cancel();
      }
      io.writer = h;
    }
    key.interestOps((io.reader != null ? readOps(channel) : 0)
        | (io.writer != null ? writeOps(channel) : 0));
    return h;
  }

  private boolean removeIo(SelectableChannel channel, boolean read) {
    Selector s = selector;
    if (s == null || closed) {
      return false;
    }
    SelectionKey key = channel.keyFor(s);
    if (key == null || !key.isValid()) {
      return false;
    }
    IoHandles io = (IoHandles) key.attachment();
    Handle old = read ? io.reader : io.writer;
    if (old == null) {
      return false;
    }
    old.cancel();
    if (read) {
      io.reader = null;
    } else {
      io.writer = null;
    }
    if (io.reader == null && io.writer == null) {
      key.cancel();
    } else {
      key.interestOps(io.reader != null ? readOps(channel) : writeOps(channel));
    }
    return true;
  }

  private static int readOps(SelectableChannel channel) {
    return channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
  }

  private static int writeOps(SelectableChannel channel) {
    return channel.validOps() & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
  }

  // ------------------------------------------------------------------------------ networking

  /**
   * Returns a coroutine that opens a TCP connection to {@code host}:{@code port} and connects a
   * protocol from {@code protocolFactory} to it. Python's {@code await
   * loop.create_connection(protocol_factory, host, port)}.
   *
   * <p>An address literal ({@code "127.0.0.1"}, {@code "::1"}) is used as it is; a name is
   * looked up on the default executor, since lookups block (Python's {@code getaddrinfo}), and
   * each address it has is tried in turn. The connect itself is non-blocking, through the
   * selector. The transport has {@code TCP_NODELAY} set, as in Python. The coroutine returns once
   * the protocol's {@code connectionMade} has run.
   *
   * <p><b>Suspends</b> while resolving and connecting. <b>Cancellation:</b> a cancellation point;
   * cancelled, it closes the socket it was connecting (or the transport it made) and the
   * protocol sees nothing, or {@code connectionLost} if it was already connected.
   *
   * <p><b>Raises</b> (when awaited): {@link ConnectionRefusedError} "Connect call failed
   * <i>address</i>: Connection refused" when nobody listens; {@link io.weft.net.GaiError} when
   * the name does not resolve (Python's {@code socket.gaierror}); {@link OSError} "Multiple
   * exceptions: ..." when every address failed with different errors, each attached as
   * suppressed; another {@link OSError} for other failures (see docs/streams.md).
   *
   * @param protocolFactory makes the protocol, once connected. Not null; must not return null.
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param <P> the protocol's type
   * @return the coroutine; it evaluates to the {@code (transport, protocol)} pair
   * @throws IllegalArgumentException when {@code port} is not 0-65535
   */
  public <P extends io.weft.net.Protocol>
      Coro<io.weft.net.TransportProtocol<P>> createConnection(
          java.util.function.Supplier<? extends P> protocolFactory, String host, int port) {
    return io.weft.net.SelectorEvents.createConnection(this, protocolFactory, host, port);
  }

  /**
   * Like {@link #createConnection(java.util.function.Supplier, String, int)}, with TLS when
   * {@code options} carry an {@link javax.net.ssl.SSLContext}. Python's {@code await
   * loop.create_connection(protocol_factory, host, port, ssl=ctx, server_hostname=...,
   * ssl_handshake_timeout=..., ssl_shutdown_timeout=...)}.
   *
   * <p>With TLS the protocol sees a TLS transport (see docs/tls.md): its {@code connectionMade}
   * runs once the handshake has succeeded, and the coroutine returns then. The client verifies
   * the server's certificate with the context's trust managers and checks that it names {@code
   * serverHostname} (the host, when not given; an empty name skips the name check), which it
   * also sends as SNI. The handshake runs on the loop's thread, and its timeout on the loop's
   * clock.
   *
   * <p><b>Raises</b> (when awaited) what the plain form raises, and: {@link
   * io.weft.net.SSLCertVerificationError} when the certificate does not verify or names another
   * host; {@link io.weft.net.SSLError} when the handshake fails otherwise; {@link
   * io.weft.ConnectionAbortedError} "SSL handshake is taking longer than ... seconds" after
   * {@code sslHandshakeTimeout}; {@link io.weft.ConnectionResetError} when the peer closes
   * during the handshake. The connection is closed in each case, and when the coroutine is
   * cancelled during the handshake.
   *
   * @param protocolFactory makes the protocol. Not null; must not return null.
   * @param host the host name or address literal. Not null.
   * @param port the port
   * @param options TLS ({@code ssl}, {@code serverHostname}) and its timeouts. Not null.
   * @param <P> the protocol's type
   * @return the coroutine; it evaluates to the {@code (transport, protocol)} pair
   * @throws IllegalArgumentException when {@code port} is not 0-65535, or {@code serverHostname}
   *     or a TLS timeout is given without {@code ssl} (Python's ValueError "... is only meaningful
   *     with ssl")
   */
  public <P extends io.weft.net.Protocol>
      Coro<io.weft.net.TransportProtocol<P>> createConnection(
          java.util.function.Supplier<? extends P> protocolFactory, String host, int port,
          io.weft.net.ConnectionOptions options) {
    return io.weft.net.SelectorEvents.createConnection(this, protocolFactory, host, port,
        options);
  }

  /**
   * Returns a coroutine that upgrades an open connection to TLS, as the client, with no
   * hostname check and the default timeouts. Python's {@code await loop.start_tls(transport,
   * protocol, sslcontext)}.
   *
   * @param transport the connection's transport. Not null.
   * @param protocol the protocol that receives the decrypted data. Not null.
   * @param sslContext the TLS context. Not null.
   * @return the coroutine; it evaluates to the new TLS transport
   * @see #startTls(io.weft.net.Transport, io.weft.net.Protocol, javax.net.ssl.SSLContext,
   *     boolean, String, double, double)
   */
  public Coro<io.weft.net.Transport> startTls(io.weft.net.Transport transport,
      io.weft.net.Protocol protocol, javax.net.ssl.SSLContext sslContext) {
    return startTls(transport, protocol, sslContext, false, null);
  }

  /**
   * Returns a coroutine that upgrades an open connection to TLS with the default timeouts (60 s
   * for the handshake, 30 s for the shutdown). Python's {@code await loop.start_tls(transport,
   * protocol, sslcontext, server_side=..., server_hostname=...)}.
   *
   * @param transport the connection's transport. Not null.
   * @param protocol the protocol that receives the decrypted data. Not null.
   * @param sslContext the TLS context. Not null.
   * @param serverSide whether this end is the TLS server
   * @param serverHostname (client) the name to verify and send as SNI; null or empty for none
   * @return the coroutine; it evaluates to the new TLS transport
   * @see #startTls(io.weft.net.Transport, io.weft.net.Protocol, javax.net.ssl.SSLContext,
   *     boolean, String, double, double)
   */
  public Coro<io.weft.net.Transport> startTls(io.weft.net.Transport transport,
      io.weft.net.Protocol protocol, javax.net.ssl.SSLContext sslContext, boolean serverSide,
      String serverHostname) {
    return startTls(transport, protocol, sslContext, serverSide, serverHostname,
        io.weft.net.ConnectionOptions.SSL_HANDSHAKE_TIMEOUT,
        io.weft.net.ConnectionOptions.SSL_SHUTDOWN_TIMEOUT);
  }

  /**
   * Returns a coroutine that upgrades an open connection to TLS. Python's {@code await
   * loop.start_tls(transport, protocol, sslcontext, server_side=..., server_hostname=...,
   * ssl_handshake_timeout=..., ssl_shutdown_timeout=...)} (3.7; the shutdown timeout 3.11).
   *
   * <p>The transport stops reading, gets a TLS protocol in place of {@code protocol}, and the
   * handshake starts on the next iteration. Once it succeeds, the coroutine returns a new
   * transport: write plaintext to it, and {@code protocol} receives the decrypted data through
   * it. {@code protocol}'s {@code connectionMade} is not called again; its {@code
   * connectionLost} is, once, when the connection ends. Stop using the old transport.
   *
   * <p><b>Suspends</b> for the handshake. <b>Cancellation:</b> a cancellation point; cancelled,
   * it closes the transport. <b>Raises</b> (when awaited) {@link io.weft.net.SSLError} (or its
   * subclass {@link io.weft.net.SSLCertVerificationError}) when the handshake fails, {@link
   * io.weft.ConnectionAbortedError} when it takes longer than {@code sslHandshakeTimeout},
   * {@link IllegalStateException} when the transport is already closing; the transport is
   * closed in each case.
   *
   * @param transport the connection's transport: a TCP transport, or a TLS one (TLS in TLS).
   *     Not null.
   * @param protocol the protocol that receives the decrypted data. Not null.
   * @param sslContext the TLS context; a server's needs a key and certificate. Not null.
   * @param serverSide whether this end is the TLS server
   * @param serverHostname (client) the name the server's certificate must carry, also sent as
   *     SNI; null or empty for no hostname check. Ignored on the server side.
   * @param sslHandshakeTimeout seconds the handshake may take; positive
   * @param sslShutdownTimeout seconds the TLS shutdown of {@code close()} may take; positive
   * @return the coroutine; it evaluates to the new TLS transport
   * @throws IllegalArgumentException when a timeout is not positive
   */
  public Coro<io.weft.net.Transport> startTls(io.weft.net.Transport transport,
      io.weft.net.Protocol protocol, javax.net.ssl.SSLContext sslContext, boolean serverSide,
      String serverHostname, double sslHandshakeTimeout, double sslShutdownTimeout) {
    return io.weft.net.SelectorEvents.startTls(this, transport, protocol, sslContext, serverSide,
        serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
  }

  /**
   * Returns a coroutine that starts a TCP server on {@code host}:{@code port} with Python's
   * default options ({@link io.weft.net.ServerOptions#defaults()}). Python's {@code await
   * loop.create_server(protocol_factory, host, port)}.
   *
   * @param protocolFactory makes the protocol of each connection accepted. Not null.
   * @param host the host name or address to bind to, or null for every interface
   * @param port the port; 0 lets the system choose one (see {@link io.weft.net.Server#sockets()})
   * @return the coroutine; it evaluates to the server, already serving
   * @see #createServer(java.util.function.Supplier, String, int, io.weft.net.ServerOptions)
   */
  public Coro<io.weft.net.Server> createServer(
      java.util.function.Supplier<? extends io.weft.net.Protocol> protocolFactory, String host,
      int port) {
    return createServer(protocolFactory, host, port, io.weft.net.ServerOptions.defaults());
  }

  /**
   * Returns a coroutine that starts a TCP server: one listening socket per address of {@code
   * host} (one on every interface when null), each connection accepted getting a transport and
   * a new protocol from {@code protocolFactory}. Python's {@code await
   * loop.create_server(protocol_factory, host, port, backlog=..., reuse_address=...,
   * reuse_port=..., start_serving=..., ssl=..., ssl_handshake_timeout=...,
   * ssl_shutdown_timeout=...)}. With {@link io.weft.net.ServerOptions#withSsl} every connection
   * runs TLS: its protocol's {@code connectionMade} runs after the handshake, and a failed
   * handshake only closes that connection (reported in debug mode).
   *
   * <p><b>Suspends</b> while a name is looked up (on the default executor) and, when serving
   * starts at once, for one loop iteration. <b>Cancellation:</b> a cancellation point while it
   * looks the name up; once the sockets are bound it completes. <b>Raises</b> (when awaited):
   * {@link OSError} "error while attempting to bind on address ..." (its cause a {@link
   * java.net.BindException}) when the port is taken or the address is not this machine's;
   * {@link io.weft.net.GaiError} when the name does not resolve.
   *
   * @param protocolFactory makes the protocol of each connection accepted. Not null; what it
   *     throws closes that connection and goes to the exception handler.
   * @param host the host name or address to bind to, or null for every interface
   * @param port the port; 0 lets the system choose one
   * @param options backlog, address and port reuse, whether to start serving. Not null.
   * @return the coroutine; it evaluates to the server
   * @throws IllegalArgumentException when {@code port} is not 0-65535; (when awaited) {@code
   *     reusePort} on a platform without {@code SO_REUSEPORT}
   */
  public Coro<io.weft.net.Server> createServer(
      java.util.function.Supplier<? extends io.weft.net.Protocol> protocolFactory, String host,
      int port, io.weft.net.ServerOptions options) {
    return io.weft.net.SelectorEvents.createServer(this, protocolFactory, host, port, options);
  }

  /**
   * Returns a coroutine that connects to the Unix-domain stream socket at {@code path} and
   * connects a protocol from {@code protocolFactory} to it. Python's {@code await
   * loop.create_unix_connection(protocol_factory, path)}. The transport is the one of a TCP
   * connection; its {@code "peername"} extra info is a {@link java.net.UnixDomainSocketAddress}.
   *
   * <p><b>Suspends</b> while connecting and until the protocol's {@code connectionMade} has run.
   * <b>Cancellation:</b> a cancellation point; cancelled, it leaves no connection open.
   * <b>Raises</b> (when awaited) {@link ConnectionRefusedError} when nobody listens on the socket
   * file (a stale one); {@link OSError} "... No such file or directory" when there is no such
   * file (Python's {@code FileNotFoundError}), or "... path too long".
   *
   * @param protocolFactory makes the protocol, once connected. Not null; must not return null.
   * @param path the server's socket file. Not null.
   * @param <P> the protocol's type
   * @return the coroutine; it evaluates to the {@code (transport, protocol)} pair
   */
  public <P extends io.weft.net.Protocol>
      Coro<io.weft.net.TransportProtocol<P>> createUnixConnection(
          java.util.function.Supplier<? extends P> protocolFactory, java.nio.file.Path path) {
    return io.weft.net.UnixEvents.createUnixConnection(this, protocolFactory, path);
  }

  /**
   * Returns a coroutine that starts a Unix-domain stream server on {@code path} with Python's
   * default options. Python's {@code await loop.create_unix_server(protocol_factory, path)}.
   *
   * @param protocolFactory makes the protocol of each connection accepted. Not null.
   * @param path the socket file to create. Not null.
   * @return the coroutine; it evaluates to the server, already serving
   * @see #createUnixServer(java.util.function.Supplier, java.nio.file.Path,
   *     io.weft.net.ServerOptions, boolean)
   */
  public Coro<io.weft.net.Server> createUnixServer(
      java.util.function.Supplier<? extends io.weft.net.Protocol> protocolFactory,
      java.nio.file.Path path) {
    return createUnixServer(protocolFactory, path, io.weft.net.ServerOptions.defaults());
  }

  /**
   * Like {@link #createUnixServer(java.util.function.Supplier, java.nio.file.Path)}, with the
   * server's options; closing the server removes the socket file. Python's {@code
   * create_unix_server(protocol_factory, path, backlog=..., start_serving=...)}.
   *
   * @param protocolFactory makes the protocol of each connection accepted. Not null.
   * @param path the socket file to create. Not null.
   * @param options backlog and whether to start serving ({@code reuseAddress} does not apply;
   *     {@code reusePort} must be false). Not null.
   * @return the coroutine; it evaluates to the server
   */
  public Coro<io.weft.net.Server> createUnixServer(
      java.util.function.Supplier<? extends io.weft.net.Protocol> protocolFactory,
      java.nio.file.Path path, io.weft.net.ServerOptions options) {
    return createUnixServer(protocolFactory, path, options, true);
  }

  /**
   * Returns a coroutine that starts a Unix-domain stream server: it removes a stale socket file
   * at {@code path} (a socket file left by a server that died; any other kind of file is left
   * alone and the bind fails), binds a new one, and accepts connections as {@link #createServer}
   * does. Python's {@code await loop.create_unix_server(protocol_factory, path, backlog=...,
   * start_serving=..., cleanup_socket=...)} (3.13).
   *
   * <p><b>Suspends</b> for one loop iteration when serving starts at once. <b>Raises</b> (when
   * awaited) {@link OSError} "Address '<i>path</i>' is already in use" when a file that is not a
   * socket is in the way, or the directory cannot be written.
   *
   * @param protocolFactory makes the protocol of each connection accepted. Not null.
   * @param path the socket file to create. Not null.
   * @param options backlog and whether to start serving. Not null.
   * @param cleanupSocket whether {@link io.weft.net.Server#close()} removes the socket file
   *     (when it is still the one this server created)
   * @return the coroutine; it evaluates to the server; raises {@link IllegalArgumentException}
   *     when awaited with {@code options.reusePort()} true
   */
  public Coro<io.weft.net.Server> createUnixServer(
      java.util.function.Supplier<? extends io.weft.net.Protocol> protocolFactory,
      java.nio.file.Path path, io.weft.net.ServerOptions options, boolean cleanupSocket) {
    return io.weft.net.UnixEvents.createUnixServer(this, protocolFactory, path, options,
        cleanupSocket);
  }

  /**
   * Returns a coroutine that opens a datagram (UDP) endpoint with Python's default options.
   * Python's {@code await loop.create_datagram_endpoint(protocol_factory, local_addr,
   * remote_addr)}.
   *
   * @param protocolFactory makes the endpoint's protocol. Not null; must not return null.
   * @param localAddr where to bind (port 0: the system chooses), or null to let the first send
   *     bind
   * @param remoteAddr the peer to connect the endpoint to, or null
   * @param <P> the protocol's type
   * @return the coroutine; it evaluates to the {@code (transport, protocol)} pair
   * @see #createDatagramEndpoint(java.util.function.Supplier, java.net.SocketAddress,
   *     java.net.SocketAddress, io.weft.net.DatagramOptions)
   */
  public <P extends io.weft.net.DatagramProtocol>
      Coro<io.weft.net.DatagramTransportProtocol<P>> createDatagramEndpoint(
          java.util.function.Supplier<? extends P> protocolFactory,
          java.net.SocketAddress localAddr, java.net.SocketAddress remoteAddr) {
    return createDatagramEndpoint(protocolFactory, localAddr, remoteAddr,
        io.weft.net.DatagramOptions.defaults());
  }

  /**
   * Returns a coroutine that opens a datagram (UDP) endpoint: a non-blocking {@link
   * java.nio.channels.DatagramChannel} of the addresses' family, bound to {@code localAddr}
   * and, with {@code remoteAddr}, connected to it (it then only exchanges datagrams with that
   * peer, and {@code sendto(data)} needs no address), watched by the selector, its datagrams
   * going to a protocol from {@code protocolFactory}. Python's {@code await
   * loop.create_datagram_endpoint(protocol_factory, local_addr=..., remote_addr=...,
   * reuse_port=..., allow_broadcast=...)}. Unresolved addresses ({@code
   * InetSocketAddress.createUnresolved}) are looked up on the default executor first, and their
   * first address used.
   *
   * <p><b>Suspends</b> while looking names up and until the protocol's {@code connectionMade}
   * has run. <b>Cancellation:</b> a cancellation point; cancelled, it leaves no socket open.
   * <b>Raises</b> (when awaited) {@link OSError} when the socket cannot be bound (the port is
   * taken: its cause is a {@link java.net.BindException}) or connected; {@link
   * io.weft.net.GaiError} when a name does not resolve; {@link IllegalArgumentException} when
   * the two addresses are of different families, or {@code reusePort} is not supported.
   * <b>Thread:</b> the loop's.
   *
   * @param protocolFactory makes the endpoint's protocol. Not null; must not return null.
   * @param localAddr where to bind, an {@link java.net.InetSocketAddress}, or null
   * @param remoteAddr the peer, an {@link java.net.InetSocketAddress}, or null
   * @param options {@code reusePort}, {@code allowBroadcast}. Not null.
   * @param <P> the protocol's type
   * @return the coroutine; it evaluates to the {@code (transport, protocol)} pair
   * @throws IllegalArgumentException when an address is not an {@code InetSocketAddress}
   */
  public <P extends io.weft.net.DatagramProtocol>
      Coro<io.weft.net.DatagramTransportProtocol<P>> createDatagramEndpoint(
          java.util.function.Supplier<? extends P> protocolFactory,
          java.net.SocketAddress localAddr, java.net.SocketAddress remoteAddr,
          io.weft.net.DatagramOptions options) {
    return io.weft.net.DatagramEndpoints.createDatagramEndpoint(this, protocolFactory,
        localAddr, remoteAddr, options);
  }

  // ------------------------------------------------------------------------------ sockets

  /**
   * Returns a coroutine that reads at most {@code n} bytes from a connected channel. Python's
   * {@code await loop.sock_recv(sock, n)}.
   *
   * <p><b>Suspends</b> until at least one byte or the end of the stream is there (returns at once
   * when they already are). <b>Cancellation:</b> a cancellation point; cancelled, it consumes
   * nothing and leaves no reader on the channel. <b>Raises</b> (when awaited) {@link
   * IllegalArgumentException} when the channel is in blocking mode, {@link OSError} (e.g. {@link
   * ConnectionResetError}) when the read fails. <b>Thread:</b> the loop's. One operation per
   * direction at a time: a second read on the same channel replaces the first one's readiness
   * callback, as in Python.
   *
   * @param channel a connected channel in non-blocking mode (TCP or Unix-domain). Not null.
   * @param n the most bytes to read; 0 returns an empty array at once
   * @return the coroutine; it evaluates to the bytes read, empty at the end of the stream
   * @throws IllegalArgumentException when {@code n} is negative
   */
  public Coro<byte[]> sockRecv(java.nio.channels.SocketChannel channel, int n) {
    return io.weft.net.SelectorSockets.sockRecv(this, channel, n);
  }

  /**
   * Returns a coroutine that reads from a connected channel into {@code buffer}, from its
   * position up to its limit, advancing the position. Python's {@code await
   * loop.sock_recv_into(sock, buf)}.
   *
   * <p>Suspends, is cancelled and raises as {@link #sockRecv}.
   *
   * @param channel a connected channel in non-blocking mode. Not null.
   * @param buffer a writable buffer. Not null; with nothing remaining, 0 is returned at once.
   * @return the coroutine; it evaluates to the number of bytes read, 0 at the end of the stream
   * @throws IllegalArgumentException when {@code buffer} is read-only
   */
  public Coro<Integer> sockRecvInto(java.nio.channels.SocketChannel channel,
      java.nio.ByteBuffer buffer) {
    return io.weft.net.SelectorSockets.sockRecvInto(this, channel, buffer);
  }

  /**
   * Returns a coroutine that sends every byte of {@code data}. Python's {@code await
   * loop.sock_sendall(sock, data)}. The array is not copied: leave it alone until the coroutine
   * returns.
   *
   * @param channel a connected channel in non-blocking mode. Not null.
   * @param data the bytes. Not null.
   * @return the coroutine
   * @see #sockSendall(java.nio.channels.SocketChannel, java.nio.ByteBuffer)
   */
  public Coro<Void> sockSendall(java.nio.channels.SocketChannel channel, byte[] data) {
    return sockSendall(channel, java.nio.ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  /**
   * Returns a coroutine that sends the bytes of {@code data} from its position to its limit.
   * Python's {@code await loop.sock_sendall(sock, data)}.
   *
   * <p><b>Suspends</b> while the socket's send buffer is full (returns at once when everything
   * fits). <b>Cancellation:</b> a cancellation point; cancelled, it stops sending and leaves no
   * writer on the channel; the buffer's position tells how far it got (Python cannot tell).
   * <b>Raises</b> (when awaited) {@link IllegalArgumentException} when the channel is in
   * blocking mode, {@link OSError} (e.g. {@link BrokenPipeError}) when a write fails.
   * <b>Thread:</b> the loop's.
   *
   * @param channel a connected channel in non-blocking mode. Not null.
   * @param data the bytes; its position reaches its limit when all are sent. Not null.
   * @return the coroutine
   */
  public Coro<Void> sockSendall(java.nio.channels.SocketChannel channel,
      java.nio.ByteBuffer data) {
    return io.weft.net.SelectorSockets.sockSendall(this, channel, data);
  }

  /**
   * Returns a coroutine that connects {@code channel} to {@code address}. Python's {@code await
   * loop.sock_connect(sock, address)}. An unresolved {@link java.net.InetSocketAddress} ({@code
   * InetSocketAddress.createUnresolved(host, port)}) is looked up first on the default executor
   * and its first address used; a {@link java.net.UnixDomainSocketAddress} needs a channel opened
   * with {@code StandardProtocolFamily.UNIX}.
   *
   * <p><b>Suspends</b> while the name is looked up and the connection is made.
   * <b>Cancellation:</b> a cancellation point; cancelled, it leaves no writer on the channel, and
   * the connection may still be in progress: a later {@code sockConnect} on the channel finishes
   * it. <b>Raises</b> (when awaited) {@link IllegalArgumentException} when the channel is in
   * blocking mode; {@link ConnectionRefusedError} "Connect call failed <i>address</i>: Connection
   * refused" (the JDK closes a channel whose connect failed); {@link io.weft.net.GaiError} when
   * the name does not resolve; {@link OSError} for other failures; {@link IllegalStateException}
   * (the JDK's {@code AlreadyConnectedException}) when already connected. <b>Thread:</b> the
   * loop's.
   *
   * @param channel a channel in non-blocking mode, not yet connected. Not null.
   * @param address where to connect. Not null.
   * @return the coroutine
   */
  public Coro<Void> sockConnect(java.nio.channels.SocketChannel channel,
      java.net.SocketAddress address) {
    return io.weft.net.SelectorSockets.sockConnect(this, channel, address);
  }

  /**
   * Returns a coroutine that accepts one connection. Python's {@code await
   * loop.sock_accept(sock)}, which returns {@code (conn, address)}: here the address is {@code
   * conn.getRemoteAddress()}.
   *
   * <p><b>Suspends</b> until a client connects (returns at once when one is waiting).
   * <b>Cancellation:</b> a cancellation point; cancelled, it accepts nothing and leaves no
   * reader on the channel. <b>Raises</b> (when awaited) {@link IllegalArgumentException} when the
   * channel is in blocking mode, {@link OSError} when accepting fails. <b>Thread:</b> the loop's.
   *
   * @param channel a bound server channel in non-blocking mode. Not null.
   * @return the coroutine; it evaluates to the accepted connection, in non-blocking mode
   */
  public Coro<java.nio.channels.SocketChannel> sockAccept(
      java.nio.channels.ServerSocketChannel channel) {
    return io.weft.net.SelectorSockets.sockAccept(this, channel);
  }

  /**
   * Returns a coroutine that looks {@code host} up on the default executor (a lookup blocks).
   * Python's {@code await loop.getaddrinfo(host, port)}.
   *
   * <p><b>Suspends</b> until the lookup finishes. <b>Cancellation:</b> a cancellation point; the
   * lookup itself runs to its end on its thread. <b>Raises</b> (when awaited) {@link
   * io.weft.net.GaiError} when the name does not resolve.
   *
   * @param host a name or an address literal, or null for the loopback addresses
   * @param port the port to put in each address, 0 to 65535
   * @return the coroutine; it evaluates to the addresses, in the resolver's order, IPv4 first
   *     unless {@code java.net.preferIPv6Addresses} says otherwise
   * @throws IllegalArgumentException when {@code port} is not 0-65535
   */
  public Coro<List<io.weft.net.AddrInfo>> getaddrinfo(String host, int port) {
    return getaddrinfo(host, port, null);
  }

  /**
   * Like {@link #getaddrinfo(String, int)}, keeping one family. Python's {@code
   * getaddrinfo(host, port, family=...)}.
   *
   * @param host a name or an address literal, or null for the loopback addresses
   * @param port the port, 0 to 65535
   * @param family {@code StandardProtocolFamily.INET} or {@code INET6}, or null for both
   * @return the coroutine; raises {@link io.weft.net.GaiError} when no address of the family
   *     is found
   * @throws IllegalArgumentException when {@code port} is not 0-65535 or the family is another
   */
  public Coro<List<io.weft.net.AddrInfo>> getaddrinfo(String host, int port,
      java.net.ProtocolFamily family) {
    return io.weft.net.SelectorSockets.getaddrinfo(this, host, port, family);
  }

  /**
   * Returns a coroutine that finds the host name of {@code address} on the default executor.
   * Python's {@code await loop.getnameinfo(sockaddr)}. An unresolved address is looked up first.
   *
   * <p><b>Suspends</b> until the lookup finishes. <b>Cancellation:</b> a cancellation point.
   * <b>Raises</b> (when awaited) {@link io.weft.net.GaiError} when an unresolved name does not
   * resolve. An address with no name is not an error: its text is returned.
   *
   * @param address the address. Not null.
   * @return the coroutine; it evaluates to {@code (host, port)}
   */
  public Coro<io.weft.net.NameInfo> getnameinfo(java.net.InetSocketAddress address) {
    return io.weft.net.SelectorSockets.getnameinfo(this, address);
  }

  /** The reader and writer callbacks of one registered channel. */
  private static final class IoHandles {
    Handle reader;
    Handle writer;
  }

  // ------------------------------------------------------------------------------ async gens

  /** Called on an async generator's first iteration while this loop runs. */
  void trackAsyncGen(Object agen) {
    if (asyncgensShutdownCalled) {
      LOG.log(System.Logger.Level.WARNING, "asynchronous generator " + agen
          + " was scheduled after loop.shutdown_asyncgens() call");
    }
    asyncgens.add(agen);
  }

  /**
   * Closes every async generator still open that this loop iterated, running their {@code
   * finally} blocks, and returns a future completed when they are all closed. Python's {@code
   * await loop.shutdown_asyncgens()}.
   *
   * @return a future completed when every generator is closed
   */
  public Future<Void> shutdownAsyncgens() {
    asyncgensShutdownCalled = true;
    List<Object> live = new ArrayList<>(asyncgens);
    asyncgens.clear();
    return AsyncGenTracking.closeAll(this, live);
  }

  // ------------------------------------------------------------------------------ errors

  /**
   * Handles an error no caller can receive (a callback that threw, a task exception never
   * retrieved): Python's exception handler {@code handler(loop, context)}.
   */
  @FunctionalInterface
  public interface ExceptionHandler {
    /**
     * Handles one error.
     *
     * @param loop the loop
     * @param context Python's context dict: "message" always; "exception", "future", "task",
     *     "handle" when they apply
     */
    void handle(EventLoop loop, Map<String, Object> context);
  }

  /**
   * Sets the handler {@link #callExceptionHandler} calls; null restores the default. Python's
   * {@code loop.set_exception_handler(handler)}.
   *
   * @param handler the handler, or null
   */
  public void setExceptionHandler(ExceptionHandler handler) {
    this.exceptionHandler = handler;
  }

  /**
   * Returns the handler set, or null for the default. Python's {@code
   * loop.get_exception_handler()}.
   *
   * @return the handler, or null
   */
  public ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Reports an error to the handler set, or to {@link #defaultExceptionHandler}; an error in the
   * handler itself is logged by the default one. Python's {@code
   * loop.call_exception_handler(context)}.
   *
   * @param context the context; must hold "message"
   */
  public void callExceptionHandler(Map<String, Object> context) {
    ExceptionHandler handler = exceptionHandler;
    if (handler == null) {
      try {
        defaultExceptionHandler(context);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Exception in default exception handler", e);
      }
      return;
    }
    try {
      handler.handle(this, context);
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError) {
        throw (VirtualMachineError) e;
      }
      Map<String, Object> ctx = context("Unhandled error in exception handler", e, "context",
          context);
      try {
        defaultExceptionHandler(ctx);
      } catch (RuntimeException again) {
        LOG.log(System.Logger.Level.ERROR, "Exception in default exception handler", again);
      }
    }
  }

  /**
   * Logs {@code context} at ERROR on the {@code System.Logger} named "io.weft": the message,
   * then one line per other key, with the exception's stack trace. Python's {@code
   * loop.default_exception_handler(context)}.
   *
   * @param context the context; must hold "message"
   */
  public void defaultExceptionHandler(Map<String, Object> context) {
    Object message = context.get("message");
    StringBuilder text =
        new StringBuilder(message == null ? "Unhandled exception in event loop" : message.toString());
    for (Map.Entry<String, Object> e : context.entrySet()) {
      if (e.getKey().equals("message") || e.getKey().equals("exception")) {
        continue;
      }
      if (e.getKey().equals("source_traceback") && e.getValue() instanceof List) {
        // Python prints "Object created at (most recent call last):" and the traceback
        text.append("\nObject created at (most recent call first):");
        for (Object frame : (List<?>) e.getValue()) {
          text.append("\n\tat ").append(frame);
        }
        continue;
      }
      text.append('\n').append(e.getKey()).append(": ").append(e.getValue());
    }
    Object exception = context.get("exception");
    if (exception instanceof Throwable) {
      LOG.log(System.Logger.Level.ERROR, text.toString(), (Throwable) exception);
    } else {
      LOG.log(System.Logger.Level.ERROR, text.toString());
    }
  }

  /** Reports from any thread: through the loop when it is open, else directly. */
  void reportFromAnyThread(Map<String, Object> context) {
    if (Thread.currentThread() == thread) {
      callExceptionHandler(context);
      return;
    }
    if (!closed) {
      try {
        callSoonThreadsafe(() -> callExceptionHandler(context));
        return;
      } catch (IllegalStateException closedMeanwhile) {
        // fall through
      }
    }
    callExceptionHandler(context);
  }

  /** Builds an exception-handler context: message, exception, then key/value pairs. */
  static Map<String, Object> context(String message, Throwable exception, Object... pairs) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("message", message);
    if (exception != null) {
      ctx.put("exception", exception);
    }
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      ctx.put((String) pairs[i], pairs[i + 1]);
    }
    return ctx;
  }

  // ------------------------------------------------------------------------------ debug

  /**
   * Turns debug mode on or off. Python's {@code loop.set_debug(enabled)}; it starts on when the
   * system property {@code weft.debug} is true (Python's {@code PYTHONASYNCIODEBUG=1}). In debug
   * mode:
   *
   * <ul>
   *   <li>the scheduling methods throw when called from another thread while the loop runs;
   *   <li>a callback or task step that runs {@link #getSlowCallbackDuration()} seconds or longer
   *       is logged, naming the callback and where it was scheduled, or the task and the lines
   *       its step ran between;
   *   <li>callbacks remember where they were scheduled, for messages;
   *   <li>while the loop runs, coroutines created on its thread remember where, and one never
   *       awaited is reported ("coroutine 'C.m' was never awaited"; Python's origin tracking);
   *   <li>failed futures are listed until their exception is read, for {@link
   *       #reportAbandoned()}.
   * </ul>
   *
   * See docs/debugging.md. Thread-safe: from another thread, the origin tracking follows on the
   * loop's next iteration.
   *
   * @param enabled true for debug mode
   */
  public void setDebug(boolean enabled) {
    this.debug = enabled;
    Thread t = thread;
    if (t == Thread.currentThread()) {
      trackOrigins(enabled); // Python's set_debug on a running loop does the same
    } else if (t != null) {
      try {
        callSoonThreadsafe(() -> trackOrigins(debug)); // on the loop's thread, as Python does
      } catch (IllegalStateException closed) {
        // closed meanwhile: it runs no more coroutines
      }
    }
  }

  /** Loop thread: coroutines created here while this loop runs in debug mode are tracked. */
  private void trackOrigins(boolean on) {
    if (on && !trackingOrigins) {
      CoroutineOrigins.debugLoopEntered(this);
      trackingOrigins = true;
    } else if (!on && trackingOrigins) {
      CoroutineOrigins.debugLoopExited();
      trackingOrigins = false;
    }
  }

  /**
   * Reports now, through the exception handler and on the calling thread, what debug mode would
   * otherwise report only when the garbage collector gets to it, at a moment nobody can predict:
   * every future of this loop that failed in debug mode and whose exception nobody has read
   * ("Future exception was never retrieved", "Task exception was never retrieved"), and every
   * coroutine created while this loop ran in debug mode that never started ("coroutine 'C.m' was
   * never awaited", with "source_traceback"). Each is reported once, and the garbage collector
   * will not report it again. A Java addition, for the end of a test (weft-junit calls it) or of
   * a program: call it once the program is done with the loop's futures and coroutines, on the
   * loop's thread or while the loop is not running.
   *
   * @return how many reports were made
   */
  public int reportAbandoned() {
    List<Future.Failure> failures;
    synchronized (this) {
      failures = unretrieved == null ? List.of() : new ArrayList<>(unretrieved);
      unretrieved = null;
    }
    int n = 0;
    for (Future.Failure f : failures) {
      if (f.reportNow()) {
        n++;
      }
    }
    return n + CoroutineOrigins.reportAbandoned(this);
  }

  synchronized void listUnretrieved(Future.Failure f) {
    if (unretrieved == null) {
      unretrieved = new LinkedHashSet<>();
    }
    unretrieved.add(f);
  }

  synchronized void unlistUnretrieved(Future.Failure f) {
    if (unretrieved != null) {
      unretrieved.remove(f);
    }
  }

  /**
   * Sets what the loop does when it has stalled: nothing is ready, no timer is scheduled (or only
   * timers at infinity), no channel is registered, no executor job or awaited {@code
   * CompletionStage} is in flight and no thread-safe callback is queued. Only a thread the loop
   * does not know of could still wake it, with {@link #callSoonThreadsafe}; Python's loop, and
   * this one without a handler, wait for that forever. With a handler, the loop first waits
   * {@code cushion} seconds of real time for such a callback, then calls {@code handler} on its
   * own thread (what it throws goes to the exception handler). The handler may {@link #stop()}
   * the loop, cancel tasks or schedule callbacks; if the loop is still stalled afterwards it is
   * called again, one cushion later. A Java addition, for test harnesses: weft-junit fails a
   * deadlocked test with it instead of hanging. The cushion plays the part of Trio's {@code
   * wait_all_tasks_blocked(cushion)}. Call it on the loop's thread, or before the loop runs.
   *
   * @param cushion seconds to wait for another thread before calling the handler; not negative
   * @param handler the handler, or null to wait forever as Python does
   */
  public void setStallHandler(double cushion, Runnable handler) {
    if (!(cushion >= 0) || Double.isInfinite(cushion)) {
      throw new IllegalArgumentException("cushion must be finite and >= 0, got " + cushion);
    }
    this.stallCushion = cushion;
    this.stallHandler = handler;
  }

  /**
   * Returns whether debug mode is on. Python's {@code loop.get_debug()}.
   *
   * @return true in debug mode
   */
  public boolean getDebug() {
    return debug;
  }

  /**
   * Returns the duration, in seconds, from which debug mode reports a callback as slow. Python's
   * {@code loop.slow_callback_duration} (0.1 by default).
   *
   * @return the duration
   */
  public double getSlowCallbackDuration() {
    return slowCallbackDuration;
  }

  /**
   * Sets the duration from which debug mode reports a callback as slow.
   *
   * @param seconds the duration; not negative
   */
  public void setSlowCallbackDuration(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("slowCallbackDuration must be >= 0, got " + seconds);
    }
    this.slowCallbackDuration = seconds;
  }

  void checkClosed() {
    if (closed) {
      throw new IllegalStateException("Event loop is closed");
    }
  }

  /** Python's {@code _check_thread}: only in debug mode, only while the loop runs. */
  void checkThread() {
    if (debug) {
      Thread t = thread;
      if (t != null && t != Thread.currentThread()) {
        throw new IllegalStateException(
            "Non-thread-safe operation invoked on an event loop other than the current one");
      }
    }
  }

  boolean onLoopThread() {
    return thread == Thread.currentThread();
  }

  @Override
  public String toString() {
    return "<EventLoop running=" + isRunning() + " closed=" + closed + " debug=" + debug + ">";
  }

  // ------------------------------------------------------------------------------ timer heap

  private void pushTimer(TimerHandle t) {
    t.scheduled = true;
    if (heapSize == heap.length) {
      heap = Arrays.copyOf(heap, heapSize * 2);
    }
    int i = heapSize++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerHandle p = heap[parent];
      if (!t.before(p)) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = t;
  }

  /** Removes and returns the first timer. */
  private TimerHandle popTimer() {
    TimerHandle first = heap[0];
    first.scheduled = false;
    int last = --heapSize;
    TimerHandle moved = heap[last];
    heap[last] = null;
    if (last > 0) {
      heap[0] = moved;
      siftDown(0);
    }
    return first;
  }

  private void siftDown(int i) {
    TimerHandle t = heap[i];
    int half = heapSize >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimerHandle c = heap[child];
      int right = child + 1;
      if (right < heapSize && heap[right].before(c)) {
        child = right;
        c = heap[child];
      }
      if (!c.before(t)) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    heap[i] = t;
  }

  private void dropCancelledHeads() {
    while (heapSize > 0 && heap[0].cancelled) {
      popTimer();
      cancelledTimers--;
    }
  }
}
