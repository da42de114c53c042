package io.weft;

import io.weft.internal.NotWoven;
import java.util.Iterator;

/**
 * A generator: the object returned by a {@link Coroutine @Coroutine} method whose return type is
 * {@code Generator<T>}. Mirrors Python's generator object and its protocol.
 *
 * <pre>{@code
 * @Coroutine
 * static Generator<Integer> countdown(int n) {
 *     while (n > 0) Generator.yield(n--);   // Python: yield n
 *     return Generator.done();              // Python: return
 * }
 * for (int i : countdown(3)) System.out.println(i);   // 3 2 1
 * }</pre>
 *
 * <p><b>Protocol.</b> {@link #send(Object)} (Python {@code send}), {@link #throwIn(Throwable)}
 * (Python {@code throw}: the name {@code throw} is a Java keyword) and {@link #close()} (Python
 * {@code close}) resume the body; a finished generator signals {@link StopIteration} carrying its
 * return value. As an {@link Iterator} it is Python's {@code for x in gen}: {@link #hasNext()}
 * runs the body up to the next {@code yield}; {@link #iterator()} returns the generator itself,
 * so it can be iterated once, as in Python.
 *
 * <p><b>Threads.</b> A generator is not thread-safe; it runs on the thread that resumes it.
 * Resuming it while its body is executing (from the body itself, or another thread) fails with
 * "generator already executing".
 *
 * <p><b>Suspension points</b> are the static methods {@link #yield(Object)} and {@link
 * #yieldFrom(Generator)}; {@link #done()} ends the body. They are rewritten by the weaver and
 * throw {@link IllegalStateException} when called from code that was not woven.
 *
 * @param <T> the type of the values it yields
 */
public interface Generator<T> extends Iterator<T>, Iterable<T>, AutoCloseable {

  /**
   * Resumes the body; the pending {@link #yield(Object)} returns {@code value}. Python's {@code
   * gen.send(value)}; {@code send(null)} is {@code next(gen)}.
   *
   * @param value the value the suspended {@code yield} evaluates to. May be null; must be null
   *     for a generator that has not started yet (Python's rule).
   * @return the next value the body yields
   * @throws StopIteration when the body finishes, carrying its return value; also on every send
   *     to a finished generator
   * @throws IllegalStateException "generator already executing" on re-entry
   * @throws IllegalArgumentException when a non-null value is sent to a just-started generator
   */
  T send(Object value);

  /**
   * Raises {@code error} inside the body at the pending suspension point, where the body's own
   * {@code catch} and {@code finally} blocks see it. Python's {@code gen.throw(error)}.
   *
   * <p>On a generator that has not started, the exception is raised before its first line and
   * the generator is closed; on a finished generator it is raised to the caller directly.
   *
   * @param error the exception to raise at the suspension point. Not null.
   * @return the next value the body yields, if it catches {@code error} and goes on
   * @throws StopIteration when the body catches {@code error} and returns
   * @throws NullPointerException when {@code error} is null
   */
  T throwIn(Throwable error);

  /**
   * Closes the generator: raises {@link GeneratorExit} at the pending suspension point so the
   * body's {@code finally} blocks run. Python's {@code gen.close()}. Does nothing on a generator
   * that has finished, and closes a generator that has not started without running any of it.
   *
   * @throws IllegalStateException "generator ignored GeneratorExit" when the body yields
   *     again instead of finishing, or "generator already executing" on re-entry; any other
   *     exception the body raises while closing propagates
   */
  @Override
  void close();

  /**
   * Returns where the generator is in its life: Python's {@code inspect.getgeneratorstate}.
   *
   * @return the state; never null
   */
  CoroutineState state();

  /**
   * Returns this generator: a generator is its own iterator, as in Python ({@code iter(gen) is
   * gen}), so it can be iterated once.
   *
   * @return this
   */
  @Override
  default Iterator<T> iterator() {
    return this;
  }

  /**
   * Suspends the generator, handing {@code value} to the consumer. Python's {@code yield value}.
   * The call evaluates to what the consumer sends next ({@code null} for {@code next()}/{@code
   * hasNext()}); an exception given to {@link #throwIn(Throwable)} or the {@link GeneratorExit}
   * of {@link #close()} is raised from this call.
   *
   * <p>Qualify the call ({@code Generator.yield(v)}): since Java 14 a bare {@code yield} is a
   * keyword.
   *
   * @param value the value to yield. May be null.
   * @param <S> the type of the value sent back
   * @return the value sent by the consumer
   * @throws IllegalStateException when called from code that was not woven
   */
  static <S> S yield(Object value) {
    throw NotWoven.error("Generator.yield");
  }

  /**
   * Delegates to {@code generator} until it finishes: its yields go to this generator's
   * consumer, values sent and exceptions thrown in go to it, and the call evaluates to its return
   * value. Python's {@code yield from generator}. Delegation does not nest on the Java stack:
   * resuming through any depth of {@code yieldFrom} costs the same.
   *
   * @param generator the generator to delegate to. Not null.
   * @param <R> the type of its return value
   * @return the return value of {@code generator} (its {@code done(r)})
   * @throws IllegalStateException when called from code that was not woven
   */
  static <R> R yieldFrom(Generator<?> generator) {
    throw NotWoven.error("Generator.yieldFrom");
  }

  /**
   * Yields every element of {@code iterable} in turn: Python's {@code yield from iterable} over a
   * list, a range or any other iterable. Evaluates to null. Values sent while it runs must be
   * null (a plain iterator cannot receive them).
   *
   * @param iterable the elements to yield. Not null.
   * @param <R> unused: the call evaluates to null
   * @return null
   * @throws IllegalStateException when called from code that was not woven
   */
  static <R> R yieldFrom(Iterable<?> iterable) {
    throw NotWoven.error("Generator.yieldFrom");
  }

  /**
   * Ends the generator without a return value: write {@code return Generator.done();}. Python's
   * {@code return} in a generator.
   *
   * @param <T> the generator's element type
   * @return nothing: the weaver turns the {@code return} into the end of the generator
   * @throws IllegalStateException when called from code that was not woven
   */
  static <T> Generator<T> done() {
    throw NotWoven.error("Generator.done");
  }

  /**
   * Ends the generator with a return value: write {@code return Generator.done(result);}. Python's
   * {@code return result} in a generator; the value reaches the consumer as {@link
   * StopIteration#value()} and a delegating generator as the value of {@link
   * #yieldFrom(Generator)}.
   *
   * @param result the return value. May be null.
   * @param <T> the generator's element type
   * @return nothing: the weaver turns the {@code return} into the end of the generator
   * @throws IllegalStateException when called from code that was not woven
   */
  static <T> Generator<T> done(Object result) {
    throw NotWoven.error("Generator.done");
  }
}
