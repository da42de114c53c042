package io.weft.junit;

import io.weft.Coro;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a test body written as an async lambda on a fresh event loop, with the checks of {@link
 * CoroutineTest}: Kotlin's {@code runTest { ... }}, for a plain {@code void} {@code @Test}, on any
 * Jupiter release (and with any other test framework). Python's counterpart is an {@code async def
 * test_...} method of {@code unittest.IsolatedAsyncioTestCase}.
 *
 * <pre>{@code
 * @Test
 * void anHourOfSleeps() {
 *   runTest(() -> {
 *     await(sleep(3600));   // virtual time: returns at once
 *     return done();
 *   });
 * }
 * }</pre>
 *
 * <p>The lambda is woven as a coroutine because its functional interface returns {@code Coro}
 * (weave the test classes with weft-maven-plugin's {@code weave-tests} goal, or run the tests with
 * the agent). Options go through {@link #options()}: {@code
 * WeftTest.options().timeout(60).runTest(() -> ...)}.
 */
public final class WeftTest {
  private WeftTest() {}

  /**
   * Runs the coroutine {@code body} returns as the main task of a fresh virtual-time loop in
   * debug mode, then fails if it leaked tasks, left exceptions unread, made the loop report
   * errors, or deadlocked (see {@link CoroutineTest}). Kotlin's {@code runTest}.
   *
   * <p><b>Thread:</b> the calling thread runs the loop; no loop may be running on it already.
   *
   * @param body makes the test's coroutine; called once, before the loop starts. Not null.
   * @param <T> the coroutine's result type
   * @return the coroutine's result; what the coroutine raised is thrown as it is (checked
   *     exceptions too), with the problems it left behind as suppressed exceptions
   * @throws AssertionError naming every problem found, when the coroutine succeeded but left
   *     problems behind
   */
  public static <T> T runTest(Supplier<? extends Coro<T>> body) {
    return options().runTest(body);
  }

  /**
   * Returns the default options (virtual clock, no timeout, leaked tasks fail the test), to
   * change and then {@link Options#runTest run a test} with.
   *
   * @return the defaults
   */
  public static Options options() {
    return Options.DEFAULTS;
  }

  /**
   * How {@link #runTest} runs a test: the attributes of {@link CoroutineTest}, as an immutable
   * value. Each setter returns a changed copy. Thread-safe. Python's {@code
   * IsolatedAsyncioTestCase} has no options object: its loop is set up by overriding methods.
   */
  public static final class Options {
    static final Options DEFAULTS = new Options(Double.POSITIVE_INFINITY, false, false);

    final double timeout;
    final boolean allowLeakedTasks;
    final boolean realClock;

    private Options(double timeout, boolean allowLeakedTasks, boolean realClock) {
      this.timeout = timeout;
      this.allowLeakedTasks = allowLeakedTasks;
      this.realClock = realClock;
    }

    static Options of(CoroutineTest annotation) {
      return new Options(checkTimeout(annotation.timeout()), annotation.allowLeakedTasks(),
          annotation.realClock());
    }

    /**
     * Fails the test once it has run {@code seconds} of loop time (virtual seconds on the
     * virtual clock). See {@link CoroutineTest#timeout()}.
     *
     * @param seconds positive; {@link Double#POSITIVE_INFINITY} for no limit
     * @return the changed options
     * @throws IllegalArgumentException when {@code seconds} is not positive
     */
    public Options timeout(double seconds) {
      return new Options(checkTimeout(seconds), allowLeakedTasks, realClock);
    }

    /**
     * Cancels tasks left pending by the test without failing it. See {@link
     * CoroutineTest#allowLeakedTasks()}.
     *
     * @return the changed options
     */
    public Options allowLeakedTasks() {
      return new Options(timeout, true, realClock);
    }

    /**
     * Runs the loop on the machine's clock instead of a virtual one. See {@link
     * CoroutineTest#realClock()}.
     *
     * @return the changed options
     */
    public Options realClock() {
      return new Options(timeout, allowLeakedTasks, true);
    }

    /**
     * {@link WeftTest#runTest(Supplier)} with these options.
     *
     * @param body makes the test's coroutine. Not null.
     * @param <T> the coroutine's result type
     * @return the coroutine's result
     */
    public <T> T runTest(Supplier<? extends Coro<T>> body) {
      Objects.requireNonNull(body, "body");
      LoopHarness harness = new LoopHarness(this, callerName());
      Coro<T> coro;
      try {
        coro = Objects.requireNonNull(body.get(),
            "the runTest body returned null, not a coroutine");
      } catch (RuntimeException | Error e) {
        harness.close();
        throw e;
      }
      return harness.run(coro);
    }

    /** The test method calling runTest, to name the main task and the failure after it. */
    private static String callerName() {
      return StackWalker.getInstance().walk(frames -> frames
          .filter(f -> !f.getClassName().equals(WeftTest.class.getName())
              && !f.getClassName().equals(Options.class.getName()))
          .findFirst().map(StackWalker.StackFrame::getMethodName).orElse("runTest"));
    }

    private static double checkTimeout(double seconds) {
      if (!(seconds > 0)) {
        throw new IllegalArgumentException(
            "a test timeout must be a positive number of seconds, got " + seconds);
      }
      return seconds;
    }

    @Override
    public String toString() {
      return "WeftTest.Options(timeout=" + timeout + ", allowLeakedTasks=" + allowLeakedTasks
          + ", realClock=" + realClock + ")";
    }
  }
}
