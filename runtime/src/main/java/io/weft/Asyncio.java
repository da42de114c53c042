package io.weft;

import io.weft.internal.NotWoven;
import java.util.concurrent.CompletionStage;

/**
 * The functions of Python's {@code asyncio} module, in camelCase: {@code asyncio.create_task} is
 * {@code Asyncio.createTask}. Import them statically: {@code import static io.weft.Asyncio.*;}.
 *
 * <p>This class holds the suspension points of async coroutines ({@link #await(Coro)}, {@link
 * #yieldFrom(Coro)}) and the way a coroutine returns ({@link #done(Object)}). They are rewritten
 * by the weaver inside {@link Coroutine @Coroutine} methods and throw {@link
 * IllegalStateException} anywhere else.
 */
public final class Asyncio {
  private Asyncio() {}

  /**
   * Runs {@code coro} to completion inside the current coroutine and evaluates to its result.
   * Python's {@code await coro}. Does not go through the event loop unless {@code coro} itself
   * waits for something; resuming through any depth of nested awaits costs the same.
   *
   * @param coro the coroutine to run. Not null; must not have been awaited before.
   * @param <T> the result type
   * @return the coroutine's result
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T await(Coro<T> coro) {
    throw NotWoven.error("Asyncio.await");
  }

  /**
   * Waits for {@code stage} to complete and evaluates to its value, or raises its exception
   * (unwrapped from {@link java.util.concurrent.CompletionException}). A Java addition: any
   * {@link CompletionStage} is awaitable. A stage that is already complete is taken without
   * suspending.
   *
   * @param stage the stage to wait for. Not null.
   * @param <T> the value type
   * @return the stage's value
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T await(CompletionStage<T> stage) {
    throw NotWoven.error("Asyncio.await");
  }

  /**
   * The same suspension as {@link #await(Coro)}, in the older spelling of the seeds ({@code yield
   * from coro} inside an {@code @asyncio.coroutine}).
   *
   * @param coro the coroutine to run. Not null.
   * @param <T> the result type
   * @return the coroutine's result
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T yieldFrom(Coro<T> coro) {
    throw NotWoven.error("Asyncio.yieldFrom");
  }

  /**
   * The same suspension as {@link #await(CompletionStage)}, in the seeds' older spelling.
   *
   * @param stage the stage to wait for. Not null.
   * @param <T> the value type
   * @return the stage's value
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> T yieldFrom(CompletionStage<T> stage) {
    throw NotWoven.error("Asyncio.yieldFrom");
  }

  /**
   * Ends the coroutine with no result: write {@code return done();}. Python's bare {@code
   * return} in an {@code async def}.
   *
   * @param <T> the coroutine's result type
   * @return nothing: the weaver turns the {@code return} into the end of the coroutine
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> Coro<T> done() {
    throw NotWoven.error("Asyncio.done");
  }

  /**
   * Ends the coroutine with {@code result}: write {@code return done(result);}. Python's {@code
   * return result} in an {@code async def}.
   *
   * @param result the result. May be null.
   * @param <T> the coroutine's result type
   * @return nothing: the weaver turns the {@code return} into the end of the coroutine
   * @throws IllegalStateException when called from code that was not woven
   */
  public static <T> Coro<T> done(T result) {
    throw NotWoven.error("Asyncio.done");
  }
}
