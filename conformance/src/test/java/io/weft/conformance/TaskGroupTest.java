package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Coroutine;
import io.weft.ExceptionGroup;
import io.weft.Future;
import io.weft.KeyboardInterrupt;
import io.weft.Task;
import io.weft.TaskGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncio.TaskGroup}: CPython's test_taskgroups.py TestTaskGroup. Python's {@code async
 * with TaskGroup() as g: body} is written {@code await(TaskGroup.run(g -> body(g, ...)))}.
 */
class TaskGroupTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  static Set<Class<?>> errorTypes(ExceptionGroup eg) {
    Set<Class<?>> types = new HashSet<>();
    for (Throwable t : eg.exceptions()) {
      types.add(t.getClass());
    }
    return types;
  }

  @Coroutine
  static <T> Coro<T> sleepThen(double delay, T value) {
    await(sleep(delay));
    return done(value);
  }

  @Coroutine
  static Coro<Void> crashAfter(double delay) {
    await(sleep(delay));
    throw new ArithmeticException("/ by zero");
  }

  @Coroutine
  static Coro<Void> sleepLogged(double delay, List<String> log, String name) {
    try {
      await(sleep(delay));
    } catch (CancelledError e) {
      log.add(name + " cancelled");
      throw e;
    }
    log.add(name + " finished");
    return done();
  }

  @Coroutine
  static Coro<Void> noop(TaskGroup g) {
    return done();
  }

  // ------------------------------------------------------------------------- results

  @Coroutine
  static Coro<List<Task<Integer>>> twoTasks(TaskGroup g) {
    Task<Integer> t1 = g.createTask(sleepThen(0.1, 42));
    Task<Integer> t2 = g.createTask(sleepThen(0.2, 11));
    return done(List.of(t1, t2));
  }

  @Coroutine
  static Coro<Void> waitsForAll() {
    double t0 = getRunningLoop().time();
    List<Task<Integer>> ts = await(TaskGroup.run(g -> twoTasks(g)));
    assertEquals(0.2, getRunningLoop().time() - t0, 1e-9, "the block ends with its last task");
    assertEquals(42, ts.get(0).result());
    assertEquals(11, ts.get(1).result());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_01: the block waits for every task. */
  @Test
  void theBlockEndsWhenEveryTaskIsDone() {
    runVirtual(waitsForAll());
  }

  @Coroutine
  static Coro<List<Task<Integer>>> cancelOneChild(TaskGroup g) {
    Task<Integer> t1 = g.createTask(sleepThen(1, 42));
    await(sleep(0.15));
    t1.cancel(); // an explicit cancel of one task: everything else goes on
    Task<Integer> t2 = g.createTask(sleepThen(0.2, 11));
    return done(List.of(t1, t2));
  }

  @Coroutine
  static Coro<Void> cancelledChildIsNotAnError() {
    List<Task<Integer>> ts = await(TaskGroup.run(g -> cancelOneChild(g)));
    assertTrue(ts.get(0).cancelled());
    assertEquals(11, ts.get(1).result());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_03. */
  @Test
  void aCancelledTaskDoesNotAbortTheGroup() {
    runVirtual(cancelledChildIsNotAnError());
  }

  // ------------------------------------------------------------------------- errors

  @Coroutine
  static Coro<Void> threeCrashesAndASleeper(TaskGroup g, List<String> log) {
    g.createTask(crashAfter(0.1));
    g.createTask(crashAfter(0.1));
    g.createTask(crashAfter(0.1));
    g.createTask(sleepLogged(5, log, "t2"));
    try {
      await(sleep(10));
    } catch (CancelledError e) {
      log.add("body cancelled");
      throw e;
    }
    return done();
  }

  @Coroutine
  static Coro<Void> runner(List<String> log) {
    await(TaskGroup.run(g -> threeCrashesAndASleeper(g, log)));
    log.add("after the block");
    return done();
  }

  @Coroutine
  static Coro<Void> childErrorCancelsTheRest(List<String> log) {
    Task<Void> r = createTask(runner(log));
    try {
      await(r);
      fail("no ExceptionGroup");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
      assertEquals(3, eg.exceptions().size());
      assertEquals("unhandled errors in a TaskGroup (3 sub-exceptions)", eg.getMessage());
    }
    assertEquals(0, r.cancelling(), "the group withdrew the cancel it sent the parent");
    return done();
  }

  /**
   * test_taskgroups.py TestTaskGroup.test_cancel_children_on_child_error (and test_taskgroup_04):
   * the first failure cancels the other tasks and the body; the errors come out as one group.
   */
  @Test
  void aChildErrorCancelsTheOtherChildrenAndTheBody() {
    List<String> log = new ArrayList<>();
    runVirtual(childErrorCancelsTheRest(log));
    assertEquals(List.of("t2 cancelled", "body cancelled"), log);
  }

  @Coroutine
  static Coro<Void> fiveSleepers(TaskGroup g, List<String> log, boolean bodySleeps) {
    for (int i = 0; i < 5; i++) {
      g.createTask(sleepLogged(5, log, "child"));
    }
    if (bodySleeps) {
      try {
        await(sleep(10));
      } catch (CancelledError e) {
        log.add("body cancelled");
        throw e;
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> cancelFromOutside(List<String> log, boolean bodySleeps) {
    Task<Void> r = createTask(TaskGroup.run(g -> fiveSleepers(g, log, bodySleeps)));
    await(sleep(0.1));
    assertFalse(r.done());
    r.cancel();
    try {
      await(r);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // an outside cancellation propagates as it is
    }
    assertTrue(r.cancelled());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_cancellation: the parent's cancel reaches every task. */
  @Test
  void cancellingTheParentCancelsEveryTask() {
    List<String> log = new ArrayList<>();
    runVirtual(cancelFromOutside(log, false));
    assertEquals(List.of("child cancelled", "child cancelled", "child cancelled",
        "child cancelled", "child cancelled"), log);
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_07: the body is cancelled first. */
  @Test
  void cancellingTheParentCancelsTheBodyAndEveryTask() {
    List<String> log = new ArrayList<>();
    runVirtual(cancelFromOutside(log, true));
    assertEquals(List.of("body cancelled", "child cancelled", "child cancelled",
        "child cancelled", "child cancelled", "child cancelled"), log);
  }

  @Coroutine
  static Coro<Void> failInFinally() {
    try {
      await(sleep(10));
    } finally {
      if (getRunningLoop() != null) {
        throw new ArithmeticException("/ by zero");
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> failingOnCancel(TaskGroup g) {
    for (int i = 0; i < 5; i++) {
      g.createTask(failInFinally());
    }
    await(sleep(10));
    return done();
  }

  @Coroutine
  static Coro<Void> cancelledParentWithFailingChildren() {
    Task<Void> r = createTask(TaskGroup.run(g -> failingOnCancel(g)));
    await(sleep(0.1));
    r.cancel();
    try {
      await(r);
      fail("no ExceptionGroup");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
    }
    return done();
  }

  /**
   * test_taskgroups.py TestTaskGroup.test_taskgroup_08: errors raised while the tasks are
   * cancelled win over the cancellation.
   */
  @Test
  void errorsWinOverAnOutsideCancellation() {
    runVirtual(cancelledParentWithFailingChildren());
  }

  @Coroutine
  static Coro<Void> createAfterFailure(TaskGroup g, List<String> log) {
    try {
      await(sleep(1));
    } catch (CancelledError e) {
      Coro<Void> late = crashAfter(0.001);
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> g.createTask(late));
      log.add(refused.getMessage());
      log.add("late coroutine " + late.state());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> startCrashAndWatcher(TaskGroup g, List<String> log) {
    g.createTask(crashAfter(0.001));
    g.createTask(createAfterFailure(g, log));
    return done();
  }

  @Coroutine
  static Coro<Void> noCreateTaskAfterFailure(List<String> log) {
    try {
      await(TaskGroup.run(g -> startCrashAndWatcher(g, log)));
      fail("no ExceptionGroup");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
      assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", eg.getMessage());
    }
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_no_create_task_after_failure. */
  @Test
  void noNewTaskOnceTheGroupIsShuttingDown() {
    List<String> log = new ArrayList<>();
    runVirtual(noCreateTaskAfterFailure(log));
    assertEquals(2, log.size(), log.toString());
    assertTrue(log.get(0).matches("TaskGroup <TaskGroup .*cancelling> is shutting down"),
        log.get(0));
    assertEquals("late coroutine CLOSED", log.get(1), "closed before raising (Python 3.13)");
  }

  @Coroutine
  static Coro<Void> cleanUpSlowly(TaskGroup g) {
    g.createTask(crashAfter(0.3));
    try {
      await(sleep(10));
    } catch (CancelledError e) {
      await(sleep(0.5));
      throw e;
    }
    return done();
  }

  @Coroutine
  static Coro<Void> outsideCancelThenChildError() {
    Task<Void> r = createTask(TaskGroup.run(g -> cleanUpSlowly(g)));
    await(sleep(0.1));
    r.cancel();
    try {
      await(r);
      fail("no ExceptionGroup");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
    }
    return done();
  }

  /**
   * test_taskgroups.py TestTaskGroup.test_taskgroup_15: the body cleans up after an outside cancel,
   * a task fails meanwhile, and its error is raised.
   */
  @Test
  void aChildErrorDuringTheBodysCleanupIsRaised() {
    runVirtual(outsideCancelThenChildError());
  }

  @Coroutine
  static Coro<Void> interruptInFinally() {
    try {
      await(sleep(10));
    } finally {
      if (getRunningLoop() != null) {
        throw new KeyboardInterrupt();
      }
    }
    return done();
  }

  @Coroutine
  static Coro<Void> crashAndInterrupt(TaskGroup g) {
    g.createTask(crashAfter(0.1));
    await(interruptInFinally());
    return done();
  }

  @Coroutine
  static Coro<Void> keyboardInterruptBare(List<Map<String, Object>> reported) {
    getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
    try {
      await(TaskGroup.run(g -> crashAndInterrupt(g)));
      fail("no KeyboardInterrupt");
    } catch (KeyboardInterrupt expected) {
      // raised bare, not in a group
    }
    return done();
  }

  /**
   * test_taskgroups.py TestTaskGroup.test_taskgroup_21a: a KeyboardInterrupt from the body is
   * raised bare; the task error it hides is reported to the exception handler (gh-135736).
   */
  @Test
  void keyboardInterruptIsRaisedBareAndTheOtherErrorsAreReported() {
    List<Map<String, Object>> reported = new ArrayList<>();
    runVirtual(keyboardInterruptBare(reported));
    assertEquals(1, reported.size());
    assertInstanceOf(ArithmeticException.class, reported.get(0).get("exception"));
  }

  // ------------------------------------------------------------------------- counting

  @Coroutine
  static Coro<Void> raiseAfter(double delay, RuntimeException e) {
    await(sleep(delay));
    throw e;
  }

  @Coroutine
  static Coro<Void> oneFailure(TaskGroup tg) {
    tg.createTask(raiseAfter(0.0, new IllegalStateException()));
    return done();
  }

  @Coroutine
  static Coro<Void> cancellingLevelPreserved() {
    try {
      await(TaskGroup.run(tg -> oneFailure(tg)));
      fail("no ExceptionGroup");
    } catch (ExceptionGroup expected) {
      // the failure
    }
    assertEquals(0, currentTask().cancelling());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_cancelling_level_preserved. */
  @Test
  void theParentsCancellingCountIsRestored() {
    runVirtual(cancellingLevelPreserved());
  }

  @Coroutine
  static Coro<Void> innerGroup(TaskGroup innerTg, TaskGroup outerTg) {
    innerTg.createTask(raiseAfter(0, new IllegalStateException("RuntimeError")));
    outerTg.createTask(raiseAfter(0, new IllegalArgumentException("ValueError")));
    return done();
  }

  @Coroutine
  static Coro<Void> outerGroupBody(TaskGroup outerTg) {
    try {
      await(TaskGroup.run(innerTg -> innerGroup(innerTg, outerTg)));
      fail("RuntimeError not raised");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(IllegalStateException.class), errorTypes(eg));
    }
    assertEquals(1, currentTask().cancelling(), "the outer group's cancel is still pending");
    return done();
  }

  @Coroutine
  static Coro<Void> nestedGroupsBothCancelled() {
    try {
      await(TaskGroup.run(outerTg -> outerGroupBody(outerTg)));
      fail("ValueError not raised");
    } catch (ExceptionGroup eg) {
      assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
    }
    assertEquals(0, currentTask().cancelling());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_nested_groups_both_cancelled. */
  @Test
  void nestedGroupsEachWithdrawTheirOwnCancel() {
    runVirtual(nestedGroupsBothCancelled());
  }

  @Coroutine
  static Coro<Void> raiseError(Future<Void> event) {
    event.setResult(null);
    await(sleep(0));
    throw new IllegalStateException("RuntimeError");
  }

  @Coroutine
  static Coro<Void> errorBody(TaskGroup tg, Future<Void> event) {
    tg.createTask(raiseError(event));
    await(sleep(1));
    fail("Sleep in group should have been cancelled");
    return done();
  }

  @Coroutine
  static Coro<Void> errorAndCancelInner(Future<Void> event) {
    try {
      await(TaskGroup.run(tg -> errorBody(tg, event)));
    } catch (ExceptionGroup eg) {
      assertEquals(1, currentTask().cancelling());
    }
    assertEquals(1, currentTask().cancelling());
    await(sleep(1));
    fail("Sleep after group should have been cancelled");
    return done();
  }

  @Coroutine
  static Coro<Void> errorAndCancel() {
    Future<Void> event = getRunningLoop().createFuture();
    Task<Void> t = createTask(errorAndCancelInner(event));
    await(event);
    assertEquals(0, t.cancelling());
    t.cancel();
    assertEquals(1, t.cancelling());
    try {
      await(t);
      fail("not cancelled");
    } catch (CancelledError expected) {
      // the outside cancel survived the group's errors (re-requested after uncancel)
    }
    assertTrue(t.cancelled());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_error_and_cancel. */
  @Test
  void anOutsideCancelSurvivesTheGroupsErrors() {
    runVirtual(errorAndCancel());
  }

  // ------------------------------------------------------------------------- states

  @Coroutine
  static Coro<Void> named(TaskGroup g) {
    Task<Void> t = g.createTask(sleep(0), "yolo");
    assertEquals("yolo", t.getName());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_task_name. */
  @Test
  void createTaskTakesAName() {
    runVirtual(TaskGroup.run(g -> named(g)));
  }

  @Coroutine
  static Coro<Void> enterAgainInside(TaskGroup tg) {
    try {
      await(tg.enter(g -> noop(g)));
      fail("entered twice");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().endsWith("has already been entered"), e.getMessage());
    }
    return done();
  }

  @Coroutine
  static Coro<Void> states() {
    TaskGroup tg = new TaskGroup();
    await(tg.enter(g -> enterAgainInside(g)));
    try {
      await(tg.enter(g -> noop(g)));
      fail("entered twice");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().endsWith("has already been entered"), e.getMessage());
    }
    Coro<Void> coro = sleep(0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(coro));
    assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());
    assertEquals(CoroutineState.CLOSED, coro.state(), "closed before raising");
    return done();
  }

  /**
   * test_taskgroups.py TestTaskGroup.test_taskgroup_already_entered, test_taskgroup_double_enter
   * and test_taskgroup_finished.
   */
  @Test
  void aGroupIsEnteredOnceAndTakesNoTaskAfterItFinished() {
    runVirtual(states());
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_not_entered. */
  @Test
  void createTaskBeforeEnteringIsRefused() {
    TaskGroup tg = new TaskGroup();
    Coro<Void> coro = sleep(0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(coro));
    assertEquals("TaskGroup <TaskGroup> has not been entered", e.getMessage());
    assertEquals(CoroutineState.CLOSED, coro.state());
  }

  @Coroutine
  static Coro<Void> withoutParentTask(List<String> log) {
    TaskGroup tg = new TaskGroup();
    Coro<Void> block = tg.enter(g -> noop(g));
    Future<Void> ran = getRunningLoop().createFuture();
    getRunningLoop().callSoon(() -> {
      try {
        block.send(null); // driven by hand from a callback: no current task
      } catch (IllegalStateException e) {
        log.add(e.getMessage());
      }
      ran.setResult(null);
    });
    await(ran);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> tg.createTask(sleep(0)));
    log.add(e.getMessage());
    return done();
  }

  /** test_taskgroups.py TestTaskGroup.test_taskgroup_without_parent_task. */
  @Test
  void aGroupNeedsAParentTask() {
    List<String> log = new ArrayList<>();
    runVirtual(withoutParentTask(log));
    assertEquals(List.of("TaskGroup <TaskGroup> cannot determine the parent task",
        "TaskGroup <TaskGroup> has not been entered"), log);
  }

  /** Bad input: a null body, a null coroutine. */
  @Test
  void nullIsRefused() {
    assertThrows(NullPointerException.class, () -> TaskGroup.run(null));
    assertThrows(NullPointerException.class, () -> new TaskGroup().createTask(null));
  }
}
