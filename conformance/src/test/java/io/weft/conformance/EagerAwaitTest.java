package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.CoroutineState;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.Lock;
import io.weft.sync.Queue;
import io.weft.sync.QueueShutDown;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The await fast path for hand-written coroutines whose first step finishes at once ({@code
 * EagerCoroFrame}: a queue's get/put/join, a lock's or semaphore's acquire, an event's wait):
 * the step runs inside the await, and nothing a program can see differs from delegating to it.
 * A Weft addition; Python runs such a coroutine to its return inside the await as well.
 */
class EagerAwaitTest extends VirtualLoopTest {

  @Coroutine
  static Coro<List<Object>> takeTwiceTheSameCoroutine(Queue<String> q, List<String> log) {
    Coro<String> get = q.get();
    log.add("made");
    String item = await(get);
    log.add("got " + item);
    List<Object> out = new ArrayList<>();
    out.add(item);
    out.add(get.state());
    try {
      await(get);
      fail("awaited twice");
    } catch (IllegalStateException e) {
      out.add(e.getMessage());
    }
    return done(out);
  }

  @Test
  void anAwaitThatCanFinishAtOnceFinishesTheCoroutineAndItCannotBeAwaitedAgain() {
    Queue<String> q = new Queue<>();
    q.putNowait("a");
    List<String> log = new ArrayList<>();
    List<Object> out = loop.runUntilComplete(takeTwiceTheSameCoroutine(q, log));
    assertEquals(List.of("made", "got a"), log);
    assertEquals(
        List.of("a", CoroutineState.CLOSED, "cannot reuse already awaited coroutine"), out);
    assertEquals(0, q.qsize());
  }

  @Test
  void aCoroutineNotAwaitedTakesNothingAndATaskTakesOnlyWhenItRuns() {
    Queue<String> q = new Queue<>();
    q.putNowait("a");
    Coro<String> unawaited = q.get();
    assertEquals(1, q.qsize(), "making get() takes nothing, as in Python");
    unawaited.close();
    Task<String> task = loop.createTask(q.get());
    assertEquals(1, q.qsize(), "the task has not run yet");
    assertEquals("a", loop.runUntilComplete(task));
    assertEquals(0, q.qsize());
  }

  @Coroutine
  static Coro<Integer> stepsOf(Lock lock, Queue<Integer> q) {
    await(lock.acquire()); // free: no suspension
    try {
      await(q.put(1)); // room: no suspension
      int v = await(q.get()); // an item: no suspension
      await(q.join()); // one unfinished task: suspends
      return done(v);
    } finally {
      lock.release();
    }
  }

  @Test
  void onlyTheStepThatMustWaitSuspends() {
    Lock lock = new Lock();
    Queue<Integer> q = new Queue<>();
    Task<Integer> t = loop.createTask(stepsOf(lock, q));
    Loops.runBriefly(loop);
    assertFalse(t.done(), "waiting in join()");
    assertTrue(lock.locked());
    q.taskDone();
    Loops.runBriefly(loop);
    assertEquals(1, t.result());
    assertFalse(lock.locked());
  }

  @Coroutine
  static Coro<String> putIntoShutDown(Queue<String> q) {
    try {
      await(q.put("x"));
      return done("put");
    } catch (QueueShutDown e) {
      return done("refused");
    }
  }

  @Test
  void anErrorOfTheImmediateStepIsRaisedAtTheAwait() {
    Queue<String> q = new Queue<>();
    q.shutdown();
    assertEquals("refused", loop.runUntilComplete(putIntoShutDown(q)));
  }

  @Test
  void aTrackedCoroutineTakesTheUsualPathWithTheSameResult() {
    EventLoop debug = Loops.virtual();
    debug.setDebug(true); // origin tracking on: coroutines carry where they were made
    Queue<String> q = new Queue<>();
    q.putNowait("a");
    List<String> log = new ArrayList<>();
    List<Object> out = debug.runUntilComplete(takeTwiceTheSameCoroutine(q, log));
    debug.close();
    assertEquals(
        List.of("a", CoroutineState.CLOSED, "cannot reuse already awaited coroutine"), out);
  }
}
