package io.weft;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The loop's timer heap and its lazy clean-up of cancelled timers, translated from CPython's
 * {@code test_base_events.py}. Package-private counters stand in for Python's white-box reads of
 * {@code _scheduled} and {@code _timer_cancelled_count}.
 */
class TimerHeapTest {
  private static final Runnable CB = () -> {};

  /** One pass of the loop: the {@code call_soon(stop); run_forever()} idiom. */
  private static void runOnce(EventLoop loop) {
    loop.callSoon(loop::stop);
    loop.runForever();
  }

  /** test_base_events.py BaseEventLoopTests.test__run_once_cancelled_event_cleanup */
  @Test
  void runOnceCancelledEventCleanup() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      // one timer that is never cancelled keeps later cancelled ones off the head of the heap
      int notCancelled = 1;
      loop.callLater(3000, CB);
      // fewer than the threshold of cancelled timers: they stay
      int cancelled = 2;
      for (int i = 0; i < 2; i++) {
        loop.callLater(3600, CB).cancel();
      }
      // cancelled timers at the head are dropped
      cancelled += 2;
      for (int i = 0; i < 2; i++) {
        loop.callLater(100, CB).cancel();
      }
      assertEquals(cancelled, loop.cancelledTimers());
      runOnce(loop);
      cancelled -= 2;
      assertEquals(cancelled, loop.cancelledTimers());
      assertEquals(cancelled + notCancelled, loop.scheduledTimers());

      // more than half of more than 100 timers cancelled: the next pass rebuilds the heap
      int addCancelled = 51;
      int addKept = 100 - addCancelled;
      notCancelled += addKept;
      for (int i = 0; i < addKept; i++) {
        loop.callLater(3600, CB);
      }
      cancelled += addCancelled;
      for (int i = 0; i < addCancelled; i++) {
        loop.callLater(3600, CB).cancel();
      }
      assertEquals(cancelled + notCancelled, loop.scheduledTimers(),
          "cancel() itself removes nothing");
      runOnce(loop);
      assertEquals(notCancelled, loop.scheduledTimers());
      assertEquals(0, loop.cancelledTimers());
    }
  }

  /**
   * base_events.py _timer_handle_cancelled counts only timers still scheduled: cancelling a timer
   * that already ran, or one already dropped, does not count.
   */
  @Test
  void cancellingATimerThatRanDoesNotCount() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      TimerHandle ran = loop.callLater(1, CB);
      loop.callLater(2, loop::stop);
      loop.runForever();
      ran.cancel();
      assertEquals(0, loop.cancelledTimers());
      TimerHandle pending = loop.callLater(10, CB);
      pending.cancel();
      pending.cancel();
      assertEquals(1, loop.cancelledTimers(), "counted once");
      runOnce(loop);
      assertEquals(0, loop.cancelledTimers(), "dropped from the head");
      assertEquals(0, loop.scheduledTimers());
    }
  }

  /** A timer cancelled after it became due, before its callback ran in the same pass. */
  @Test
  void timerCancelledInTheSamePassDoesNotRun() {
    try (EventLoop loop = new EventLoop(Clock.virtual())) {
      int[] runs = {0};
      TimerHandle[] second = new TimerHandle[1];
      loop.callLater(1, () -> second[0].cancel());
      second[0] = loop.callLater(1, () -> runs[0]++);
      loop.callLater(2, loop::stop);
      loop.runForever();
      assertEquals(0, runs[0]);
      assertEquals(0, loop.cancelledTimers(), "it had left the heap: not counted");
    }
  }
}
