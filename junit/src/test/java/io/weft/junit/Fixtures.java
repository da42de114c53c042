package io.weft.junit;

import static io.weft.Asyncio.*;
import static io.weft.junit.WeftTest.runTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Test classes that pass or fail on purpose, run by {@link CoroutineTestTest} through the JUnit
 * Platform Launcher (each is enabled only while it runs them, so an IDE running the package skips
 * them). Each nested class is one scenario; the line numbers its assertions look for are found by
 * searching this file.
 */
final class Fixtures {
  private Fixtures() {}

  /** Set while {@link Launch} runs a fixture. */
  static final String ENABLED = "weft.junit.fixtures";

  @Coroutine
  static Coro<Void> sleeper(double seconds) {
    await(sleep(seconds));
    return done();
  }

  @Coroutine
  static Coro<Void> raiser(String message) {
    await(sleep(1));
    throw new IllegalStateException(message);
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class Passing {
    @CoroutineTest
    @Coroutine
    Coro<Void> anHourOfSleeps() {
      for (int i = 0; i < 60; i++) {
        await(sleep(60));
      }
      return done();
    }

    @Test
    void lambdaForm() {
      runTest(() -> {
        await(sleep(3600));
        return done();
      });
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class AssertionFails {
    @CoroutineTest
    @Coroutine
    Coro<Void> wrongSum() {
      await(sleep(1));
      assertEquals(5, 2 + 2, "the sum after a second");
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class LeakedTask {
    @CoroutineTest
    @Coroutine
    Coro<Void> startsAndForgets() {
      createTask(sleeper(10), "forgotten");
      await(sleep(1));
      return done();
    }
  }

  /** The test keeps the failed task reachable: the report cannot depend on the collector. */
  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class NeverRetrieved {
    static final List<Task<?>> KEPT = new ArrayList<>();

    @CoroutineTest
    @Coroutine
    Coro<Void> failedTaskNobodyAwaits() {
      KEPT.add(createTask(raiser("nobody reads this"), "unread"));
      await(sleep(5));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class CallbackThrows {
    @CoroutineTest
    @Coroutine
    Coro<Void> callbackRaises() {
      getRunningLoop().callSoon(() -> {
        throw new IllegalArgumentException("boom in a callback");
      });
      await(sleep(0));
      await(sleep(0));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class Deadlock {
    @CoroutineTest
    @Coroutine
    Coro<Void> awaitsAFutureNobodyCompletes() {
      await(getRunningLoop().createFuture());
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class NeverAwaited {
    @CoroutineTest
    @Coroutine
    Coro<Void> forgetsTheAwait() {
      sleeper(1); // the classic bug: the coroutine is built and dropped
      await(sleep(1));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class Livelock {
    @CoroutineTest(timeout = 60)
    @Coroutine
    Coro<Void> sleepsForever() {
      for (; ; ) {
        await(sleep(1));
      }
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class LeakAllowed {
    @CoroutineTest(allowLeakedTasks = true)
    @Coroutine
    Coro<Void> startsAndForgets() {
      createTask(sleeper(10));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class FailsAndLeaks {
    @CoroutineTest
    @Coroutine
    Coro<Void> wrongAndLeaky() {
      createTask(sleeper(10), "leaked");
      await(sleep(1));
      assertEquals("expected", "actual", "the assertion comes first");
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class IgnoresCancellation {
    @Coroutine
    static Coro<Void> stubborn() {
      try {
        await(sleep(10));
      } catch (CancelledError e) {
        await(getRunningLoop().createFuture()); // never completes, never re-raises
      }
      return done();
    }

    @CoroutineTest
    @Coroutine
    Coro<Void> leavesAStubbornTask() {
      createTask(stubborn(), "stubborn");
      await(sleep(1));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class LambdaLeaks {
    @Test
    void leaksInRunTest() {
      runTest(() -> {
        createTask(sleeper(10), "from the lambda");
        return done();
      });
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class StopsItsLoop {
    @CoroutineTest
    @Coroutine
    Coro<Void> callsStop() {
      getRunningLoop().stop();
      await(sleep(1));
      return done();
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class NotACoroutine {
    @CoroutineTest
    Coro<Void> forgotCoroutine() {
      return null;
    }
  }
}
