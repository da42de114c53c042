package io.weft.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a {@code @Coroutine} method returning {@code Coro} a test: the coroutine runs as the main
 * task of a fresh {@link io.weft.EventLoop} on a {@linkplain io.weft.Clock#virtual() virtual
 * clock}, in debug mode, and the test fails when the coroutine fails or when it leaves problems
 * behind. Python's {@code unittest.IsolatedAsyncioTestCase} (one loop per test, in debug mode),
 * Kotlin's {@code runTest} (virtual time, leaked coroutines fail the test).
 *
 * <pre>{@code
 * @CoroutineTest
 * @Coroutine
 * Coro<Void> anHourOfSleeps() {
 *   await(sleep(3600));     // an hour of virtual time: the test takes milliseconds
 *   return done();
 * }
 * }</pre>
 *
 * <p>The test fails when, besides its coroutine raising:
 *
 * <ul>
 *   <li>tasks it created are still pending when its coroutine returns (each is listed with its
 *       name, coroutine and await stack, then cancelled), unless {@link #allowLeakedTasks()};
 *   <li>the loop's exception handler was called: an exception in a callback, "Task exception was
 *       never retrieved", "coroutine '...' was never awaited", and the like;
 *   <li>a future or task failed and nobody read its exception by the end of the test: checked
 *       when the test ends, not whenever the garbage collector runs
 *       ({@link io.weft.EventLoop#reportAbandoned()});
 *   <li>its coroutine can never finish: the loop has nothing to run, no timer and nothing outside
 *       itself to wait for (a deadlock). It fails at once with every task's stack instead of
 *       hanging;
 *   <li>it runs past {@link #timeout()} seconds of loop time.
 * </ul>
 *
 * <p>An {@code EventLoop} parameter of the method (or of its {@code @BeforeEach} and {@code
 * @AfterEach} methods) receives the test's loop, not yet running.
 *
 * <p><b>How it is wired:</b> Jupiter runs only {@code void} {@code @Test} methods, so this
 * annotation is a {@link TestFactory} whose result {@link WeftExtension} intercepts: the method
 * returns the coroutine, and the extension reports one dynamic test that runs it (Surefire names
 * it {@code method()[1]}). Jupiter 5.13 and later check a factory's return type when they discover
 * tests and skip this one with a warning; there, write a {@code void} {@code @Test} that calls
 * {@link WeftTest#runTest}. See docs/testing.md.
 *
 * <p><b>Thread:</b> the test runs on the thread Jupiter runs it on; that thread runs the loop.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestFactory
@ExtendWith(WeftExtension.class)
public @interface CoroutineTest {
  /**
   * The most loop time the test may take, in seconds: virtual seconds on the virtual clock. Past
   * it the test fails with every task's stack. Infinite by default: a deadlock fails at once
   * anyway, so a timeout is only needed against a coroutine that keeps scheduling work forever
   * or waits for the outside world (which moves virtual time at real speed).
   *
   * @return the timeout in seconds of loop time
   */
  double timeout() default Double.POSITIVE_INFINITY;

  /**
   * Whether tasks still pending when the test's coroutine returns are cancelled without failing
   * the test. Python's {@code IsolatedAsyncioTestCase} cancels them silently; Weft fails by
   * default, since a task nobody awaits is work nobody checks.
   *
   * @return true to allow leaked tasks
   */
  boolean allowLeakedTasks() default false;

  /**
   * Whether the loop runs on the machine's clock ({@link io.weft.Clock#system()}) instead of a
   * virtual one: for tests whose timing against the outside world matters.
   *
   * @return true for real time
   */
  boolean realClock() default false;
}
