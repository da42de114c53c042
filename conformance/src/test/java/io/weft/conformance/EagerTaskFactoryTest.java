package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Eager tasks: the coroutine runs inside {@code createTask} up to its first suspension. Translated
 * from CPython's {@code test_eager_task_factory.py} (EagerTaskFactoryLoopTests); each test names
 * the CPython test it mirrors.
 */
class EagerTaskFactoryTest {
  static final List<Object> log = new ArrayList<>();
  EventLoop loop;

  @BeforeEach
  void setUp() {
    log.clear();
    loop = new EventLoop(Clock.virtual());
    loop.setTaskFactory(io.weft.Asyncio::eagerTaskFactory);
  }

  @AfterEach
  void tearDown() {
    loop.close();
  }

  @Coroutine
  static Coro<String> hello() {
    return done("hello");
  }

  @Coroutine
  static Coro<String> eagerCompletion(EventLoop loop) {
    Task<String> t = loop.createTask(hello());
    assertTrue(t.done(), "the eager step completed the task");
    return done(await(t));
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_eager_completion */
  @Test
  void eagerCompletion() {
    assertEquals("hello", loop.runUntilComplete(eagerCompletion(loop)));
  }

  @Coroutine
  static Coro<String> blocks() {
    await(sleep(0.1));
    return done("finished after blocking");
  }

  @Coroutine
  static Coro<String> blockAfterEagerStep(EventLoop loop) {
    Task<String> t = loop.createTask(blocks());
    assertFalse(t.done());
    String r = await(t);
    assertTrue(t.done());
    return done(r);
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_block_after_eager_step */
  @Test
  void blockAfterEagerStep() {
    assertEquals("finished after blocking", loop.runUntilComplete(blockAfterEagerStep(loop)));
    assertEquals(0.1, loop.time(), 1e-12);
  }

  @Coroutine
  static Coro<Void> setResult(Future<String> fut, String v) {
    fut.setResult(v);
    return done();
  }

  @Coroutine
  static Coro<String> awaitFutureDuringEagerStep(EventLoop loop) {
    Future<String> fut = loop.createFuture();
    Task<Void> t = loop.createTask(setResult(fut, "my message"));
    assertTrue(t.done());
    return done(await(fut));
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_await_future_during_eager_step */
  @Test
  void awaitFutureDuringEagerStep() {
    assertEquals("my message", loop.runUntilComplete(awaitFutureDuringEagerStep(loop)));
  }

  @Coroutine
  static Coro<String> cancellationAfterEagerCompletion(EventLoop loop) {
    Task<String> t = loop.createTask(hello());
    assertFalse(t.cancel(), "a task done eagerly cannot be cancelled");
    assertFalse(t.cancelled());
    return done(await(t));
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_completion */
  @Test
  void cancellationAfterEagerCompletion() {
    assertEquals("hello", loop.runUntilComplete(cancellationAfterEagerCompletion(loop)));
  }

  @Coroutine
  static Coro<String> cancellationAfterEagerStepBlocks(EventLoop loop) {
    Task<String> t = loop.createTask(blocks());
    t.cancel();
    try {
      await(t);
    } catch (CancelledError e) {
      return done("cancelled " + t.cancelled());
    }
    return done("not cancelled");
  }

  /**
   * test_eager_task_factory.py EagerTaskFactoryLoopTests.test_cancellation_after_eager_step_blocks
   */
  @Test
  void cancellationAfterEagerStepBlocks() {
    assertEquals("cancelled true",
        loop.runUntilComplete(cancellationAfterEagerStepBlocks(loop)));
  }

  @Coroutine
  static Coro<Void> captureCurrent() {
    Task<?> captured = currentTask();
    log.add(captured);
    await(sleep(0.1));
    assertSame(captured, currentTask(), "the same task before and after blocking");
    return done();
  }

  @Coroutine
  static Coro<Void> currentTaskMain(EventLoop loop) {
    Task<Void> t = loop.createTask(captureCurrent());
    assertSame(t, log.get(0), "current_task() in the eager step is the new task");
    Task<?> me = currentTask();
    assertNotSame(t, me);
    await(t);
    return done();
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_current_task */
  @Test
  void currentTask_() {
    loop.runUntilComplete(currentTaskMain(loop));
  }

  @Coroutine
  static Coro<Void> captureAllTasks() {
    log.add(allTasks());
    return done();
  }

  @Coroutine
  @SuppressWarnings("unchecked")
  static Coro<Void> allTasksMain(EventLoop loop) {
    Task<Void> t = loop.createTask(captureAllTasks());
    assertTrue(((Set<Task<?>>) log.get(0)).contains(t), "listed while its eager step runs");
    assertFalse(allTasks().contains(t), "not listed once done");
    return done();
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_eager_completion */
  @Test
  void allTasksWithEagerCompletion() {
    loop.runUntilComplete(allTasksMain(loop));
  }

  @Coroutine
  static Coro<Void> blockingCapture(Future<Void> fut1, Future<Void> fut2) {
    log.add(allTasks());
    await(fut1);
    fut2.setResult(null);
    return done();
  }

  @Coroutine
  @SuppressWarnings("unchecked")
  static Coro<Void> allTasksBlockingMain(EventLoop loop) {
    Future<Void> fut1 = loop.createFuture();
    Future<Void> fut2 = loop.createFuture();
    Task<Void> t = loop.createTask(blockingCapture(fut1, fut2));
    assertTrue(((Set<Task<?>>) log.get(0)).contains(t));
    assertTrue(allTasks().contains(t));
    fut1.setResult(null);
    await(fut2);
    assertFalse(allTasks().contains(t));
    return done();
  }

  /** test_eager_task_factory.py EagerTaskFactoryLoopTests.test_all_tasks_with_blocking */
  @Test
  void allTasksWithBlocking() {
    loop.runUntilComplete(allTasksBlockingMain(loop));
  }

  @Coroutine
  static Coro<Void> getCoroMain(EventLoop loop) {
    Task<String> t = loop.createTask(hello());
    await(t);
    assertNull(t.getCoro(), "a task finished eagerly drops its coroutine");
    Task<String> blocked = loop.createTask(blocks());
    await(blocked);
    assertNotNull(blocked.getCoro(), "a task that went through the loop keeps it");
    return done();
  }

  /** test_eager_task_factory.py CEagerTaskFactoryLoopTests.test_issue122332 (get_coro is None) */
  @Test
  void getCoroAfterEagerCompletion() {
    loop.runUntilComplete(getCoroMain(loop));
  }

  @Coroutine
  static Coro<Void> nameMain(EventLoop loop) {
    Task<Void> t = loop.createTask(recordName(), "test name");
    assertEquals("test name", log.get(0), "the name is set before the eager step");
    await(t);
    return done();
  }

  @Coroutine
  static Coro<Void> recordName() {
    log.add(currentTask().getName());
    return done();
  }

  /** test_eager_task_factory.py CEagerTaskFactoryLoopTests.test_name */
  @Test
  void name() {
    loop.runUntilComplete(nameMain(loop));
  }

  @Coroutine
  static Coro<Integer> awaitableChain(int depth) {
    if (depth == 0) {
      return done(0);
    }
    return done(1 + await(awaitableChain(depth - 1)));
  }

  /** test_eager_task_factory.py BaseTaskCountingTests.test_awaitables_chain (no task per await) */
  @Test
  void awaitablesChainMakesNoTasks() {
    int[] tasks = {0};
    loop.setTaskFactory((l, coro, n) -> {
      tasks[0]++;
      return new Task<>(l, coro, n, false);
    });
    assertEquals(100, loop.runUntilComplete(awaitableChain(100)));
    assertEquals(1, tasks[0], "only run_until_complete's task");
  }

  /** Eager start needs a running loop: outside it the task is scheduled (tasks.py Task.__init__) */
  @Test
  void eagerFactoryOutsideTheLoopSchedules() {
    Task<?> t = loop.createTask(hello());
    assertFalse(t.done());
    assertEquals("hello", loop.runUntilComplete(t));
  }
}
