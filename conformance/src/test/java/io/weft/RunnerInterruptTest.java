package io.weft;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Ctrl-C in {@link Runner#run}, through the package-private hook the SIGINT handler calls ({@link
 * Runner#interrupt()}); translated from CPython's {@code test_runners.py} RunnerTests, whose
 * {@code interrupt_self()} raises SIGINT in the process.
 */
class RunnerInterruptTest {
  static EventLoop virtualLoop() {
    return new EventLoop(Clock.virtual());
  }

  @Coroutine
  static Coro<Void> spinning() {
    try {
      for (; ; ) {
        await(sleep(0));
      }
    } catch (CancelledError e) {
      throw new CancelledError(); // a new one, as the Python test raises
    }
  }

  /**
   * test_runners.py RunnerTests.test_interrupt_call_soon. On the system clock: a task spinning on
   * sleep(0) keeps the loop busy, and virtual time only moves when the loop is idle.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void interruptCallSoon() {
    try (Runner runner = new Runner(null, EventLoop::new)) {
      runner.getLoop().callLater(0.05, () -> assertTrue(runner.interrupt()));
      assertThrows(KeyboardInterrupt.class, () -> runner.run(spinning()));
    }
  }

  @Coroutine
  static Coro<Void> sleepLong() {
    await(sleep(10));
    return done();
  }

  /** test_runners.py RunnerTests.test_interrupt_wait */
  @Test
  void interruptWait() {
    try (Runner runner = new Runner(null, RunnerInterruptTest::virtualLoop)) {
      runner.getLoop().callLater(0.1, () -> assertTrue(runner.interrupt()));
      KeyboardInterrupt e = assertThrows(KeyboardInterrupt.class, () -> runner.run(sleepLong()));
      assertTrue(e.getCause() instanceof CancelledError, "caused by the main task's cancellation");
    }
  }

  @Coroutine
  static Coro<Void> subtask(Task<?> main, Runner runner) {
    await(sleep(0));
    main.cancel();
    runner.interrupt();
    return done();
  }

  @Coroutine
  static Coro<Void> mainCancelledElsewhere(Runner runner) {
    createTask(subtask(currentTask(), runner));
    await(sleep(10));
    return done();
  }

  /**
   * test_runners.py RunnerTests.test_interrupt_cancelled_task: Ctrl-C on a main task that was
   * already cancelled by someone else ends in CancelledError, not KeyboardInterrupt.
   */
  @Test
  void interruptCancelledTask() {
    try (Runner runner = new Runner(null, RunnerInterruptTest::virtualLoop)) {
      assertThrows(CancelledError.class, () -> runner.run(mainCancelledElsewhere(runner)));
    }
  }

  @Coroutine
  static Coro<String> swallows() {
    try {
      await(sleep(10));
    } catch (CancelledError e) {
      return done("carried on");
    }
    return done("slept");
  }

  /** test_runners.py RunnerTests: a main task that swallows the cancellation returns normally */
  @Test
  void interruptSwallowed() {
    try (Runner runner = new Runner(null, RunnerInterruptTest::virtualLoop)) {
      runner.getLoop().callLater(0.1, () -> assertTrue(runner.interrupt()));
      assertEquals("carried on", runner.run(swallows()));
    }
  }

  /** test_runners.py RunnerTests: the second Ctrl-C goes to the previous handler */
  @Test
  void secondInterruptIsNotHandled() {
    try (Runner runner = new Runner(null, RunnerInterruptTest::virtualLoop)) {
      runner.getLoop().callLater(0.1, () -> {
        assertTrue(runner.interrupt());
        assertFalse(runner.interrupt(), "Python raises KeyboardInterrupt at once; the JVM exits");
      });
      assertThrows(KeyboardInterrupt.class, () -> runner.run(sleepLong()));
    }
  }

  /** No main task: Ctrl-C between runs goes to the previous handler. */
  @Test
  void interruptOutsideRun() {
    try (Runner runner = new Runner(null, RunnerInterruptTest::virtualLoop)) {
      assertFalse(runner.interrupt());
    }
  }
}
