package io.weft.internal.jfr;

/**
 * The one door from the loop and tasks to the Flight Recorder events. Every hook is written
 * {@code if (Jfr.ON) Jfr.x(...)}: with {@code -Dweft.jfr=false}, or on a runtime without the
 * {@code jdk.jfr} module, {@link #ON} is false and the JIT removes the hooks; otherwise each
 * hook first asks its event class whether it is enabled, which is a constant false while no
 * recording enables it, so an event that is off costs a test the JIT folds away (measured in
 * docs/performance.md).
 */
public final class Jfr {
  private Jfr() {}

  /** Whether the hooks are compiled in: {@code jdk.jfr} present and {@code weft.jfr} not false. */
  public static final boolean ON = detect();

  private static boolean detect() {
    if ("false".equals(System.getProperty("weft.jfr"))) {
      return false;
    }
    try {
      Class.forName("jdk.jfr.Event", false, Jfr.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Records {@code io.weft.TaskCreated} when enabled.
   *
   * @param task the task
   * @param coro its coroutine
   * @param loop its loop
   */
  public static void taskCreated(Object task, Object coro, Object loop) {
    TaskCreatedEvent e = new TaskCreatedEvent();
    if (e.isEnabled()) {
      e.task = nameOf(task);
      e.coroutine = coro.getClass().getName();
      e.loop = String.valueOf(loop);
      e.commit();
    }
  }

  /**
   * Records {@code io.weft.TaskDone} when enabled.
   *
   * @param task the task, done
   * @param outcome {@code result}, {@code exception} or {@code cancelled}
   * @param error the exception when the outcome is {@code exception}, else null
   */
  public static void taskDone(Object task, String outcome, Throwable error) {
    TaskDoneEvent e = new TaskDoneEvent();
    if (e.isEnabled()) {
      e.task = nameOf(task);
      e.outcome = outcome;
      e.exception = error == null ? null : error.toString();
      e.commit();
    }
  }

  /**
   * Whether {@code io.weft.SlowCallback} is enabled, asked once per loop pass: only then does the
   * pass time its callbacks.
   *
   * @return true when a recording enables it
   */
  public static boolean slowCallbackEnabled() {
    return new SlowCallbackEvent().isEnabled();
  }

  /**
   * Starts timing one callback or task step for {@code io.weft.SlowCallback}.
   *
   * @return the started event, or null when it is off
   */
  public static Object beginCallback() {
    SlowCallbackEvent e = new SlowCallbackEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /**
   * Ends an event from {@link #beginCallback()}; commits it when the callback took at least the
   * recording's threshold for the event (100 ms unless the recording says otherwise).
   *
   * @param event what {@link #beginCallback()} returned, or null
   * @param what the callback or task that ran
   */
  public static void endCallback(Object event, Object what) {
    if (event == null) {
      return;
    }
    SlowCallbackEvent e = (SlowCallbackEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.callback = String.valueOf(what);
      e.commit();
    }
  }

  /**
   * Starts an {@code io.weft.LoopIteration} event when enabled.
   *
   * @return the started event, or null when it is off
   */
  public static Object beginIteration() {
    LoopIterationEvent e = new LoopIterationEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /**
   * Ends and commits an event from {@link #beginIteration()}.
   *
   * @param event what {@link #beginIteration()} returned, not null
   * @param loop the loop
   * @param waitedNanos time spent waiting for I/O or timers
   * @param ran callbacks and task steps run
   * @param timersDue timers that fell due
   * @param timersScheduled timers still scheduled
   */
  public static void endIteration(
      Object event, Object loop, long waitedNanos, int ran, int timersDue, int timersScheduled) {
    LoopIterationEvent e = (LoopIterationEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.loop = String.valueOf(loop);
      e.waited = waitedNanos;
      e.ran = ran;
      e.timersDue = timersDue;
      e.timersScheduled = timersScheduled;
      e.commit();
    }
  }

  private static String nameOf(Object task) {
    return task instanceof io.weft.Task ? ((io.weft.Task<?>) task).getName() : String.valueOf(task);
  }
}
