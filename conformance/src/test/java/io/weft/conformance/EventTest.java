package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@code asyncio.Event}: CPython's test_locks.py EventTests. Python's {@code ev.wait()} is {@code
 * ev.await()}; {@code await asyncio.sleep(0)} in the test's main task is one {@code
 * runBriefly(loop)} here. Every loop runs on virtual time; each test has a time limit.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class EventTest extends VirtualLoopTest {

  /** test_locks.py EventTests.test_repr. */
  @Test
  void reprShowsTheFlagAndTheWaitersAsPythonDoes() {
    Event ev = new Event();
    String pattern = "<io\\.weft\\.sync\\.Event object at 0x[0-9a-f]+ \\[%s\\]>";
    assertTrue(ev.toString().matches(String.format(pattern, "unset")), ev.toString());
    ev.set();
    assertTrue(ev.toString().matches(String.format(pattern, "set")), ev.toString());
    ev.clear();
    Task<Boolean> waiter = loop.createTask(ev.await());
    runBriefly(loop);
    assertTrue(ev.toString().matches(String.format(pattern, "unset, waiters:1")), ev.toString());
    ev.set();
    assertTrue(ev.toString().matches(String.format(pattern, "set, waiters:1")), ev.toString());
    assertTrue(loop.runUntilComplete(waiter));
  }

  @Coroutine
  static Coro<Void> appendWhenSet(Event ev, List<Integer> result, int n) {
    if (await(ev.await())) {
      result.add(n);
    }
    return done();
  }

  /**
   * test_locks.py EventTests.test_wait: set() wakes every waiter, in the order they started
   * waiting; a task that starts waiting after set() does not wait at all.
   */
  @Test
  void setWakesEveryWaiter() {
    Event ev = new Event();
    assertFalse(ev.isSet());
    List<Integer> result = new ArrayList<>();
    Task<Void> t1 = loop.createTask(appendWhenSet(ev, result, 1));
    Task<Void> t2 = loop.createTask(appendWhenSet(ev, result, 2));
    runBriefly(loop);
    assertEquals(List.of(), result);

    Task<Void> t3 = loop.createTask(appendWhenSet(ev, result, 3));
    ev.set();
    runBriefly(loop);
    assertEquals(List.of(3, 1, 2), result, "t3 was queued first and did not wait");
    assertTrue(t1.done() && t2.done() && t3.done());
    assertNull(t1.result());
  }

  @Coroutine
  static Coro<Boolean> waitOnSet() {
    Event ev = new Event();
    ev.set();
    return done(await(ev.await()));
  }

  /** test_locks.py EventTests.test_wait_on_set. */
  @Test
  void waitingOnASetEventReturnsTrueAtOnce() {
    assertTrue(run(waitOnSet(), null, Loops::virtual));
  }

  /** test_locks.py EventTests.test_wait_cancel. */
  @Test
  void aCancelledWaitRaisesAndLeavesNoWaiter() {
    Event ev = new Event();
    Task<Boolean> wait = loop.createTask(ev.await());
    loop.callSoon(() -> wait.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(wait));
    assertEquals(new Event.Statistics(false, 0), ev.statistics());
  }

  /** test_locks.py EventTests.test_clear. */
  @Test
  void clearResetsTheFlag() {
    Event ev = new Event();
    assertFalse(ev.isSet());
    ev.set();
    assertTrue(ev.isSet());
    ev.clear();
    assertFalse(ev.isSet());
  }

  /**
   * test_locks.py EventTests.test_clear_with_waiters: a wake-up given by set() is not taken back
   * by clear(); setting twice wakes once.
   */
  @Test
  void clearDoesNotTakeBackAWakeUpAlreadyGiven() {
    Event ev = new Event();
    List<Integer> result = new ArrayList<>();
    Task<Void> t = loop.createTask(appendWhenSet(ev, result, 1));
    runBriefly(loop);
    assertEquals(List.of(), result);

    ev.set();
    ev.clear();
    assertFalse(ev.isSet());
    ev.set();
    ev.set();
    assertEquals(1, ev.statistics().waiting(), "woken, not run yet");

    runBriefly(loop);
    assertEquals(List.of(1), result);
    assertEquals(0, ev.statistics().waiting());
    assertTrue(t.done());
  }

  /**
   * A waiter cancelled in the same pass as set() wakes it: it raises CancelledError, and the
   * other waiters are woken all the same (every waiter gets set()'s wake-up, none is passed on).
   */
  @Test
  void aWaiterCancelledAsTheEventIsSetDoesNotDisturbTheOthers() {
    Event ev = new Event();
    List<Integer> result = new ArrayList<>();
    Task<Void> t1 = loop.createTask(appendWhenSet(ev, result, 1));
    Task<Void> t2 = loop.createTask(appendWhenSet(ev, result, 2));
    Task<Void> t3 = loop.createTask(appendWhenSet(ev, result, 3));
    runBriefly(loop);
    t2.cancel();
    ev.set();
    t1.cancel(); // after its wake-up: raised when it runs
    runBriefly(loop);
    assertTrue(t1.cancelled());
    assertTrue(t2.cancelled());
    assertTrue(t3.done() && !t3.cancelled());
    assertEquals(List.of(3), result);
    assertEquals(new Event.Statistics(true, 0), ev.statistics());
  }

  /** The loop binding (CPython's _LoopBoundMixin): another loop may not wait on a bound event. */
  @Test
  void anEventBoundToOneLoopRefusesToWaitOnAnother() {
    Event ev = new Event();
    Task<Boolean> waiter = loop.createTask(ev.await());
    runBriefly(loop);
    EventLoop other = Loops.virtual();
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> other.runUntilComplete(ev.await()));
      assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
      ev.set();
      assertTrue(other.runUntilComplete(ev.await()), "a set event never waits: any loop");
    } finally {
      other.close();
    }
    assertTrue(loop.runUntilComplete(waiter));
  }
}
