package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.StopIteration;
import io.weft.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task step machine and its cancellation, translated from CPython's {@code
 * Lib/test/test_asyncio/test_tasks.py} (the parts that are not combinators). Each test names the
 * CPython test it mirrors. Every loop runs on virtual time.
 */
class TaskTest extends VirtualLoopTest {
  static final List<String> log = new ArrayList<>();
  @BeforeEach
  void clearLog() {
    log.clear();
  }

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, () -> new EventLoop(Clock.virtual()));
  }

  // ------------------------------------------------------------------ cancellation

  @Coroutine
  static Coro<Integer> catching(Future<Void> fut1, Future<Void> fut2) {
    await(fut1);
    try {
      await(fut2);
    } catch (CancelledError e) {
      return done(42);
    }
    return done(0);
  }

  /** test_tasks.py BaseTaskTests.test_cancel_task_catching */
  @Test
  void cancelTaskCatching() {
    Future<Void> fut1 = loop.createFuture();
    Future<Void> fut2 = loop.createFuture();
    Task<Integer> t = loop.createTask(catching(fut1, fut2));
    runBriefly(loop);
    fut1.setResult(null);
    runBriefly(loop);
    assertFalse(fut2.done(), "the task now waits for fut2");
    assertTrue(t.cancel());
    assertTrue(fut2.cancelled(), "cancel() cancels the future the task waits for");
    assertEquals(42, loop.runUntilComplete(t));
    assertFalse(t.cancelled());
    assertEquals(1, t.cancelling(), "a swallowed cancellation stays counted until uncancel()");
  }

  @Coroutine
  static Coro<Integer> ignoring(Future<Void> fut1, Future<Void> fut2, Future<Integer> fut3) {
    await(fut1);
    try {
      await(fut2);
    } catch (CancelledError e) {
      log.add("swallowed");
    }
    int res = await(fut3);
    return done(res);
  }

  /** test_tasks.py BaseTaskTests.test_cancel_task_ignoring */
  @Test
  void cancelTaskIgnoring() {
    Future<Void> fut1 = loop.createFuture();
    Future<Void> fut2 = loop.createFuture();
    Future<Integer> fut3 = loop.createFuture();
    Task<Integer> t = loop.createTask(ignoring(fut1, fut2, fut3));
    runBriefly(loop);
    fut1.setResult(null);
    runBriefly(loop);
    t.cancel();
    assertTrue(fut2.cancelled());
    runBriefly(loop);
    assertEquals(List.of("swallowed"), log);
    assertFalse(fut3.done(), "the task carries on to fut3");
    fut3.setResult(42);
    assertEquals(42, loop.runUntilComplete(t));
    assertFalse(fut3.cancelled());
    assertFalse(t.cancelled());
  }

  @Coroutine
  static Coro<Integer> awaitThen12(Future<Void> f) {
    await(f);
    return done(12);
  }

  /** test_tasks.py BaseTaskTests.test_cancel_inner_future */
  @Test
  void cancelInnerFuture() {
    Future<Void> f = loop.createFuture();
    Task<Integer> t = loop.createTask(awaitThen12(f));
    runBriefly(loop); // start the task
    f.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(f.cancelled());
    assertTrue(t.cancelled(), "a CancelledError escaping the coroutine cancels the task");
  }

  @Coroutine
  static Coro<Integer> cancelSelfThenReturn(Task<?>[] self) {
    assertTrue(self[0].cancel());
    log.add("returning");
    return done(12);
  }

  /** test_tasks.py BaseTaskTests.test_cancel_at_end: cancelled right before the coroutine ends. */
  @Test
  void cancelAtEnd() {
    Task<?>[] self = new Task<?>[1];
    Task<Integer> t = loop.createTask(cancelSelfThenReturn(self));
    self[0] = t;
    assertFalse(t.cancelled());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of("returning"), log);
    assertTrue(t.done());
    assertTrue(t.cancelled(), "the return value is dropped: the task ends cancelled");
    assertFalse(t.cancel(), "a done task cannot be cancelled again");
  }

  @Coroutine
  static Coro<Void> sleepLong(double d) {
    await(sleep(d));
    log.add("slept in");
    return done();
  }

  @Coroutine
  static Coro<String> cancelSleeper(EventLoop loop) {
    Task<Void> sleeper = createTask(sleepLong(5000));
    loop.callLater(0.1, sleeper::cancel);
    try {
      await(sleeper);
    } catch (CancelledError e) {
      return done("cancelled");
    }
    return done("slept in");
  }

  /** test_tasks.py BaseTaskTests.test_task_cancel_sleeping_task */
  @Test
  void cancelSleepingTask() {
    assertEquals("cancelled", loop.runUntilComplete(cancelSleeper(loop)));
    assertEquals(0.1, loop.time(), 1e-9, "the timer of the cancelled sleep did not keep time");
    assertEquals(List.of(), log);
  }

  @Coroutine
  static Coro<String> cancelWithMessage() {
    Task<Void> task = createTask(sleepLong(10));
    await(sleep(0));
    task.cancel("my message");
    try {
      await(task);
    } catch (CancelledError e) {
      return done(e.getMessage());
    }
    return done("not cancelled");
  }

  /** test_tasks.py BaseTaskTests.test_cancel_with_message_then_future_result */
  @Test
  void cancelMessageReachesTheAwaiter() {
    assertEquals("my message", runVirtual(cancelWithMessage()));
  }

  @Coroutine
  static Coro<String> cancelBeforeStarting() {
    Task<Void> task = createTask(sleepLong(10));
    task.cancel("before start"); // deliberately no sleep(0): the task never ran
    try {
      await(task);
    } catch (CancelledError e) {
      log.add(String.valueOf(task.cancelled()));
      return done(e.getMessage());
    }
    return done("not cancelled");
  }

  /** test_tasks.py BaseTaskTests.test_cancel_with_message_before_starting_task */
  @Test
  void cancelMessageBeforeStartingTask() {
    assertEquals("before start", runVirtual(cancelBeforeStarting()));
    assertEquals(List.of("true"), log);
  }

  @Coroutine
  static Coro<Void> outerAwaitingInner(Future<Void> inner) {
    await(inner);
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_cancel_task_... chain: cancel() cancels the awaited task. */
  @Test
  void cancelPropagatesDownTheAwaitChain() {
    Task<Void> inner = loop.createTask(sleepLong(10));
    Task<Void> outer = loop.createTask(outerAwaitingInner(inner));
    runBriefly(loop);
    assertTrue(outer.cancel("stop"));
    assertEquals(1, inner.cancelling(), "the awaited task got the request");
    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertEquals("stop", e.getMessage(), "the message travels from the inner task to the outer");
    assertTrue(inner.cancelled());
  }

  @Coroutine
  static Coro<Void> uncancelBasic() {
    Task<Void> task = createTask(sleepLong(10));
    await(sleep(0));
    assertEquals(0, task.cancelling());
    assertEquals(0, task.uncancel());
    task.cancel();
    assertEquals(1, task.cancelling());
    task.cancel();
    assertEquals(2, task.cancelling());
    assertEquals(1, task.uncancel());
    try {
      await(task);
    } catch (CancelledError expected) {
      log.add("cancelled");
    }
    assertTrue(task.cancelled(), "uncancel() does not take back a delivered cancellation");
    assertEquals(1, task.cancelling());
    assertEquals(0, task.uncancel());
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_uncancel_basic */
  @Test
  void uncancelBasic_() {
    runVirtual(uncancelBasic());
    assertEquals(List.of("cancelled"), log);
  }

  @Coroutine
  static Coro<Integer> awaitThen42(Future<Void> fut) {
    await(fut);
    return done(42);
  }

  /** test_tasks.py BaseTaskTests.test_uncancel_resets_must_cancel (3.13) */
  @Test
  void uncancelResetsMustCancel() {
    Future<Void> fut = loop.createFuture();
    Task<Integer> task = loop.createTask(awaitThen42(fut));
    runBriefly(loop); // the task waits on fut
    fut.setResult(null); // the task is runnable
    task.cancel(); // fut is done: the request is held for the next step
    assertEquals(1, task.cancelling());
    task.uncancel(); // at zero the held request is dropped
    assertEquals(0, task.cancelling());
    assertEquals(42, loop.runUntilComplete(task));
  }

  @Coroutine
  static Coro<String> sleepCancelledThenUncancelled(Task<?>[] self) {
    try {
      String r = await(sleep(10, "woke"));
      return done(r);
    } catch (CancelledError e) {
      return done("cancelled: " + self[0].cancelling());
    }
  }

  /**
   * test_tasks.py BaseTaskTests.test_uncancel_basic, for a sleep: Python cancels the sleep's
   * future, so uncancel() before the task steps cannot turn the cancellation into a normal wake.
   */
  @Test
  void cancelledSleepStaysCancelledAfterUncancel() {
    Task<?>[] self = new Task<?>[1];
    Task<String> t = loop.createTask(sleepCancelledThenUncancelled(self));
    self[0] = t;
    runBriefly(loop);
    t.cancel();
    assertEquals(0, t.uncancel());
    assertEquals("cancelled: 0", loop.runUntilComplete(t));
    assertEquals(0.0, loop.time(), "the cancelled sleep's timer did not keep time");
  }

  @Coroutine
  static Coro<Void> catchAndSleepAgain() {
    try {
      await(sleep(10));
    } catch (CancelledError e) {
      log.add("caught at " + getRunningLoop().time());
    }
    await(sleep(5));
    log.add("slept again until " + getRunningLoop().time());
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_cancel_yield: a swallowed cancel does not hit the next await. */
  @Test
  void swallowedCancelDoesNotRepeat() {
    Task<Void> t = loop.createTask(catchAndSleepAgain());
    loop.callLater(1, t::cancel);
    loop.runUntilComplete(t);
    assertEquals(List.of("caught at 1.0", "slept again until 6.0"), log);
  }

  @Coroutine
  static Coro<Void> cancelSelfThenSleep() {
    currentTask().cancel("self");
    try {
      await(sleep(100));
    } catch (CancelledError e) {
      log.add("raised at the next await: " + e.getMessage());
      throw e;
    }
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_cancel_current_task */
  @Test
  void cancelCurrentTask() {
    Task<Void> t = loop.createTask(cancelSelfThenSleep());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
    assertEquals(List.of("raised at the next await: self"), log);
    assertEquals(0.0, loop.time(), "the sleep was cancelled as soon as it began");
  }

  @Coroutine
  static Coro<String> awaitStageThenSleep(CompletableFuture<String> stage) {
    try {
      await(stage);
    } catch (CancelledError e) {
      log.add("cancelled at " + getRunningLoop().time());
    }
    await(sleep(3600));
    return done("slept an hour at " + getRunningLoop().time());
  }

  /**
   * test_tasks.py BaseTaskTests.test_cancel_... for an awaited CompletionStage (Python: a
   * wrap_future'd concurrent future): the cancelled task stops waiting for it, the stage is left
   * alone, and the loop no longer counts it as an outside wait, so virtual time jumps again.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void cancelWhileAwaitingACompletionStage() {
    CompletableFuture<String> stage = new CompletableFuture<>();
    Task<String> t = loop.createTask(awaitStageThenSleep(stage));
    runBriefly(loop);
    t.cancel();
    assertEquals("slept an hour at 3600.0", loop.runUntilComplete(t));
    assertEquals(List.of("cancelled at 0.0"), log);
    assertFalse(stage.isDone(), "the stage is not cancelled: others may share it");
    stage.complete("late"); // completing it afterwards wakes nobody
    runBriefly(loop);
    runBriefly(loop);
  }

  // ------------------------------------------------------------------ bad awaits

  @Coroutine
  static Coro<Void> awaitFuture(Future<?> fut) {
    await(fut);
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_other_loop_future */
  @Test
  void otherLoopFuture() {
    try (EventLoop other = new EventLoop(Clock.virtual())) {
      Future<Void> fut = other.createFuture();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> loop.runUntilComplete(awaitFuture(fut)));
      assertTrue(e.getMessage().matches("Task .* got Future .* attached to a different loop"),
          e.getMessage());
    }
  }

  @Coroutine
  static Coro<Void> awaitSelf(Task<?>[] self) {
    await(sleep(0));
    await(self[0]);
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_task_await_on_itself (the await_on_itself check in __step) */
  @Test
  void awaitOnItself() {
    Task<?>[] self = new Task<?>[1];
    Task<Void> t = loop.createTask(awaitSelf(self));
    self[0] = t;
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
    assertTrue(e.getMessage().startsWith("Task cannot await on itself: <Task"), e.getMessage());
  }

  @Coroutine
  static Coro<Integer> one() {
    return done(1);
  }

  @Coroutine
  static Coro<Integer> awaitTwice() {
    Coro<Integer> c = one();
    int first = await(c);
    log.add("first " + first);
    await(c);
    return done(0);
  }

  /** test_pep492.py CoroutineTests.test_double_await: "cannot reuse already awaited coroutine" */
  @Test
  void awaitingAFinishedCoroutine() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runVirtual(awaitTwice()));
    assertEquals("cannot reuse already awaited coroutine", e.getMessage());
    assertEquals(List.of("first 1"), log);
  }

  @Coroutine
  static Coro<Void> awaitSleepTwice() {
    Coro<Void> s = sleep(1);
    await(s);
    await(s);
    return done();
  }

  /** test_pep492.py CoroutineTests.test_double_await, for the coroutine sleep() returns */
  @Test
  void awaitingAFinishedSleep() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runVirtual(awaitSleepTwice()));
    assertEquals("cannot reuse already awaited coroutine", e.getMessage());
  }

  /** test_tasks.py BaseTaskTests.test_set_result / test_set_exception on a Task */
  @Test
  void taskRefusesSetResultAndSetException() {
    Task<Void> t = loop.createTask(sleepLong(1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.setResult(null));
    assertEquals("Task does not support set_result operation", e.getMessage());
    e = assertThrows(IllegalStateException.class,
        () -> t.setException(new IllegalArgumentException()));
    assertEquals("Task does not support set_exception operation", e.getMessage());
    t.cancel();
  }

  // ------------------------------------------------------------------ sleep

  @Coroutine
  static Coro<Void> sleeper0(String name, int times) {
    for (int i = 0; i < times; i++) {
      log.add(name + i);
      await(sleep(0));
    }
    return done();
  }

  /** tasks.py sleep / __sleep0: sleep(0) yields exactly once, letting every ready task step. */
  @Test
  void sleepZeroYieldsOnce() {
    loop.createTask(sleeper0("a", 3));
    loop.createTask(sleeper0("b", 3));
    loop.callSoon(() -> log.add("callback"));
    Task<Void> last = loop.createTask(sleeper0("c", 1));
    loop.runUntilComplete(last);
    runBriefly(loop);
    runBriefly(loop);
    assertEquals(List.of("a0", "b0", "callback", "c0", "a1", "b1", "a2", "b2"), log);
    assertEquals(0.0, loop.time(), "sleep(0) sets no timer");
  }

  @Coroutine
  static Coro<Void> yieldForever(boolean held) {
    try {
      while (true) {
        if (held) {
          Coro<Void> s = sleep(0); // held in a variable: the coroutine object itself is awaited
          await(s);
        } else {
          await(sleep(0));
        }
        log.add("yielded");
      }
    } catch (CancelledError e) {
      log.add("cancelled: " + e.getMessage());
      throw e;
    }
  }

  /**
   * tasks.py __sleep0: sleep(0) is a cancellation point, whether the coroutine sleep() returns is
   * awaited at once or first kept in a variable; the message reaches the await.
   */
  @Test
  void sleepZeroIsACancellationPoint() {
    for (boolean held : new boolean[] {false, true}) {
      log.clear();
      Task<Void> t = loop.createTask(yieldForever(held));
      runBriefly(loop);
      runBriefly(loop);
      t.cancel("stop");
      CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
      assertEquals("stop", e.getMessage());
      assertEquals(List.of("yielded", "cancelled: stop"), log, "held=" + held);
    }
  }

  @Coroutine
  static Coro<Void> sleepZeroTwice() {
    Coro<Void> s = sleep(0);
    await(s);
    log.add("once");
    await(s);
    return done();
  }

  /** test_pep492.py test_double_await, for sleep(0): its coroutine is awaited once too. */
  @Test
  void awaitingAFinishedSleepZero() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runVirtual(sleepZeroTwice()));
    assertEquals("cannot reuse already awaited coroutine", e.getMessage());
    assertEquals(List.of("once"), log);
  }

  @Coroutine
  static Coro<String> sleepZeroThenReturn() {
    await(sleep(0));
    await(sleep(-1));
    return done("back");
  }

  /**
   * A coroutine awaiting sleep(0) driven by hand with send: each sleep(0) hands one value out
   * (Python's bare yield hands out None) and the next send resumes after it.
   */
  @Test
  void sleepZeroDrivenBySend() {
    Coro<String> c = sleepZeroThenReturn();
    assertNotNull(c.send(null));
    assertNotNull(c.send(null));
    StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
    assertEquals("back", stop.value());
  }

  @Coroutine
  static Coro<String> sleepNanInside() {
    try {
      await(sleep(Double.NaN));
      return done("slept");
    } catch (IllegalArgumentException e) {
      return done(e.getMessage());
    }
  }

  /** sleep(NaN) awaited at once raises at the await, inside the coroutine. */
  @Test
  void sleepNanRaisesAtTheAwait() {
    assertEquals("Invalid delay: NaN (not a number)", runVirtual(sleepNanInside()));
  }

  /** test_tasks.py BaseTaskTests.test_sleep_when_delay_is_nan (3.13) */
  @Test
  void sleepNan() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sleep(Double.NaN));
    assertEquals("Invalid delay: NaN (not a number)", e.getMessage());
  }

  @Coroutine
  static Coro<String> sleepWithResult() {
    String r = await(sleep(2.5, "yeah"));
    log.add("t=" + getRunningLoop().time());
    String z = await(sleep(0, "zero"));
    String n = await(sleep(-1, "negative"));
    return done(r + " " + z + " " + n);
  }

  /** test_tasks.py BaseTaskTests.test_sleep (result argument, virtual time) */
  @Test
  void sleepResult() {
    assertEquals("yeah zero negative", loop.runUntilComplete(sleepWithResult()));
    assertEquals(List.of("t=2.5"), log);
  }

  @Coroutine
  static Coro<Void> sleepForever() {
    await(sleep(Double.POSITIVE_INFINITY));
    log.add("woke up");
    return done();
  }

  @Coroutine
  static Coro<Void> cancelAfter(Task<?> t, double delay) {
    await(sleep(delay));
    t.cancel();
    return done();
  }

  /** tasks.py sleep: sleep(inf) never wakes by itself, even under a virtual clock. */
  @Test
  void sleepInfinityWaitsForCancellation() {
    Task<Void> forever = loop.createTask(sleepForever());
    loop.createTask(cancelAfter(forever, 7));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(forever));
    assertEquals(7.0, loop.time());
    assertEquals(List.of(), log);
  }

  /** tasks.py sleep under a virtual clock: an infinite deadline is not jumped to. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void virtualClockDoesNotJumpToInfinity() throws Exception {
    Task<Void> forever = loop.createTask(sleepForever());
    runBriefly(loop);
    Thread poster = new Thread(() -> {
      while (!loop.isRunning()) {
        Thread.onSpinWait();
      }
      loop.callSoonThreadsafe(loop::stop);
    });
    poster.start();
    loop.runForever(); // idle with only the infinite timer: waits for the other thread
    poster.join();
    assertFalse(forever.done());
    assertTrue(Double.isFinite(loop.time()), "time is still finite: " + loop.time());
    forever.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(forever));
  }

  // ------------------------------------------------------------------ current_task, all_tasks

  @Coroutine
  static Coro<Void> checkCurrent(Task<?>[] self) {
    assertSame(self[0], currentTask());
    await(sleep(0));
    assertSame(self[0], currentTask(getRunningLoop()));
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_current_task */
  @Test
  void currentTask_() {
    assertNull(currentTask(loop));
    Task<?>[] self = new Task<?>[1];
    Task<Void> t = loop.createTask(checkCurrent(self));
    self[0] = t;
    loop.runUntilComplete(t);
    assertNull(currentTask(loop));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> currentTask());
    assertEquals("no running event loop", e.getMessage());
  }

  @Coroutine
  static Coro<Void> coro1(Future<Void> fut1, Future<Void> fut2) {
    Task<?> me = currentTask();
    log.add(me.getName());
    await(fut1);
    log.add(currentTask() == me ? me.getName() : "wrong task");
    fut2.setResult(null);
    return done();
  }

  @Coroutine
  static Coro<Void> coro2(Future<Void> fut1, Future<Void> fut2) {
    Task<?> me = currentTask();
    log.add(me.getName());
    fut1.setResult(null);
    await(fut2);
    log.add(currentTask() == me ? me.getName() : "wrong task");
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_current_task_with_interleaving_tasks */
  @Test
  void currentTaskWithInterleavingTasks() {
    Future<Void> fut1 = loop.createFuture();
    Future<Void> fut2 = loop.createFuture();
    Task<Void> t1 = loop.createTask(coro1(fut1, fut2), "t1");
    Task<Void> t2 = loop.createTask(coro2(fut1, fut2), "t2");
    loop.runUntilComplete(t1);
    loop.runUntilComplete(t2);
    assertEquals(List.of("t1", "t2", "t1", "t2"), log);
  }

  @Coroutine
  static Coro<Set<Task<?>>> listTasks(Future<Void> stop) {
    Task<Void> other = createTask(awaitFuture(stop));
    Set<Task<?>> all = allTasks();
    assertTrue(all.contains(currentTask()));
    assertTrue(all.contains(other));
    stop.setResult(null);
    await(other);
    return done(allTasks());
  }

  /** test_tasks.py BaseTaskTests.test_all_tasks (unfinished tasks only) */
  @Test
  void allTasks_() {
    Future<Void> stop = loop.createFuture();
    Task<Set<Task<?>>> main = loop.createTask(listTasks(stop));
    Set<Task<?>> after = loop.runUntilComplete(main);
    assertEquals(Set.of(main), after, "a finished task is no longer listed");
    assertEquals(Set.of(), allTasks(loop));
    assertThrows(IllegalStateException.class, () -> allTasks());
  }

  /**
   * test_tasks.py BaseTaskTests.test_log_destroyed_pending_task, Weft's way: Python's loop holds
   * tasks weakly, so a pending task nobody references is collected and logged "Task was destroyed
   * but it is pending!". Weft's loop holds every unfinished task strongly (its all-tasks list), so
   * a pending task cannot be collected: it stays listed and can still be cancelled.
   */
  @Test
  void pendingTaskIsNotCollected() {
    WeakReference<Task<Void>> ref = new WeakReference<>(
        loop.createTask(awaitFuture(new Future<Void>(loop))));
    runBriefly(loop); // now it waits for a future only it references
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    Task<Void> task = ref.get();
    assertNotNull(task, "the loop keeps the pending task alive");
    assertEquals(Set.of(task), allTasks(loop));
    task.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
  }

  // ------------------------------------------------------------------ ensure_future

  /** test_tasks.py BaseTaskTests.test_ensure_future_future */
  @Test
  void ensureFutureFuture() {
    Future<String> orig = loop.createFuture();
    orig.setResult("ko");
    Future<String> f = ensureFuture(orig, loop);
    assertSame(orig, f);
    assertEquals("ko", loop.runUntilComplete(f));
    try (EventLoop other = new EventLoop(Clock.virtual())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ensureFuture(orig, other));
      assertEquals("The future belongs to a different loop than the one specified as the loop"
          + " argument", e.getMessage());
    }
  }

  /** test_tasks.py BaseTaskTests.test_ensure_future_coroutine */
  @Test
  void ensureFutureCoroutine() {
    Future<Integer> f = ensureFuture(one(), loop);
    assertTrue(f instanceof Task);
    assertEquals(1, loop.runUntilComplete(f));
  }

  // ------------------------------------------------------------------ run_coroutine_threadsafe

  @Coroutine
  static Coro<Integer> add(int a, int b, boolean fail) {
    await(sleep(0.05));
    if (fail) {
      throw new IllegalStateException("Fail!");
    }
    return done(a + b);
  }

  @Coroutine
  static Coro<Integer> viaOtherThread(EventLoop loop, boolean fail) {
    Future<Integer> f = loop.runInExecutor(null,
        () -> runCoroutineThreadsafe(add(1, 2, fail), loop).get(30, TimeUnit.SECONDS));
    return done(await(f));
  }

  /** test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void runCoroutineThreadsafe_() {
    assertEquals(3, loop.runUntilComplete(viaOtherThread(loop, false)));
  }

  /** test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_with_exception */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void runCoroutineThreadsafeWithException() {
    // the ExecutionException of the Java future is unwrapped, as awaiting wrap_future re-raises
    // the original exception in Python
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> loop.runUntilComplete(viaOtherThread(loop, true)));
    assertEquals("Fail!", e.getMessage());
  }

  @Coroutine
  static Coro<Boolean> cancelFromOtherThread(EventLoop loop) {
    CompletableFuture<Integer> cf = await(loop.runInExecutor(null,
        () -> runCoroutineThreadsafe(sleepThen(10, 1), loop)));
    await(sleep(0)); // the task was created on the loop
    await(sleep(0));
    Task<?> task = null;
    for (Task<?> t : allTasks()) {
      if (t != currentTask()) {
        task = t;
      }
    }
    cf.cancel(false);
    try {
      await(task);
    } catch (CancelledError e) {
      return done(task.cancelled());
    }
    return done(false);
  }

  @Coroutine
  static Coro<Integer> sleepThen(double d, int v) {
    await(sleep(d));
    return done(v);
  }

  /** test_tasks.py RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_cancelled */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void runCoroutineThreadsafeTaskCancelled() {
    assertTrue(loop.runUntilComplete(cancelFromOtherThread(loop)));
  }

  // ------------------------------------------------------------------ names, coro, stack

  /** test_tasks.py BaseTaskTests.test_task_set_name / default name "Task-N" */
  @Test
  void names() {
    Task<Integer> a = loop.createTask(one());
    Task<Integer> b = loop.createTask(one());
    assertTrue(a.getName().matches("Task-\\d+"), a.getName());
    int na = Integer.parseInt(a.getName().substring(5));
    assertEquals("Task-" + (na + 1), b.getName(), "numbers count up");
    Task<Integer> c = loop.createTask(one(), "named");
    assertEquals("named", c.getName());
    c.setName(42);
    assertEquals("42", c.getName());
    assertTrue(c.toString().contains("name='42'"), c.toString());
    loop.runUntilComplete(c);
  }

  /** test_tasks.py BaseTaskTests.test_get_coro */
  @Test
  void getCoro() {
    Coro<Integer> coro = one();
    Task<Integer> t = loop.createTask(coro);
    loop.runUntilComplete(t);
    assertSame(coro, t.getCoro());
  }

  @Coroutine
  static Coro<Void> stackOuter(Task<?>[] self, List<Object> seen) {
    await(stackInner(self, seen));
    return done();
  }

  @Coroutine
  static Coro<Void> stackInner(Task<?>[] self, List<Object> seen) {
    seen.add(self[0].getStack(1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    self[0].printStack(new PrintStream(out, true, StandardCharsets.UTF_8));
    seen.add(out.toString(StandardCharsets.UTF_8));
    return done();
  }

  /** test_tasks.py BaseTaskTests.test_get_stack */
  @Test
  void getStack() {
    Task<?>[] self = new Task<?>[1];
    List<Object> seen = new ArrayList<>();
    Task<Void> t = loop.createTask(stackOuter(self, seen));
    self[0] = t;
    loop.runUntilComplete(t);
    @SuppressWarnings("unchecked")
    List<StackTraceElement> stack = (List<StackTraceElement>) seen.get(0);
    assertEquals(1, stack.size(), "limit=1");
    assertEquals("stackOuter", stack.get(0).getMethodName(), stack.toString());
    assertEquals("TaskTest.java", stack.get(0).getFileName());
    assertTrue(((String) seen.get(1)).startsWith("Stack for <Task pending"), (String) seen.get(1));
    assertEquals(List.of(), t.getStack(), "a done task has no stack");
  }

  // ------------------------------------------------------------------ the trampoline

  @Coroutine
  static Coro<Integer> chain(int n) {
    if (n == 0) {
      for (int i = 0; i < 3; i++) {
        await(sleep(0));
      }
      return done(0);
    }
    int below = await(chain(n - 1));
    return done(below + 1);
  }

  /** test_eager_task_factory.py BaseTaskCountingTests.test_awaitables_chain, 100,000 deep. */
  @Test
  void deepAwaitChainRunsWithoutStackOverflow() {
    Task<Integer> t = loop.createTask(chain(100_000));
    assertEquals(100_000, loop.runUntilComplete(t));
  }

  @Coroutine
  static Coro<Integer> depthProbe(int n, List<Integer> depths) {
    if (n == 0) {
      for (int i = 0; i < 3; i++) {
        await(sleep(0));
        depths.add(StackWalker.getInstance().walk(s -> (int) s.count()));
      }
      return done(0);
    }
    int below = await(depthProbe(n - 1, depths));
    return done(below + 1);
  }

  /**
   * The trampoline: every resume of a depth-D chain enters only the innermost frame. The Java
   * stack under the innermost coroutine has the same depth whether 1 or 2,000 coroutines await
   * above it, so no outer frame was re-entered on the way down.
   */
  @Test
  void resumeDoesNotReenterOuterFrames() {
    List<Integer> shallow = new ArrayList<>();
    List<Integer> deep = new ArrayList<>();
    loop.runUntilComplete(depthProbe(1, shallow));
    loop.runUntilComplete(depthProbe(2_000, deep));
    assertEquals(3, deep.size());
    assertEquals(shallow, deep);
    assertEquals(1, Set.copyOf(deep).size(), "each resume starts from the same depth: " + deep);
  }
}
