package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;

/**
 * {@link HelloYieldFrom} with {@code async}/{@code await}, the spelling seed 001 moves to
 * ("async/await" section: {@code yield from} becomes {@code await}). Prints:
 *
 * <pre>
 * Hello world!
 * Hello again!
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def hello():
 *     print("Hello world!")
 *     r = await asyncio.sleep(1)
 *     print("Hello again!")
 *
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(hello())
 * loop.close()
 * </pre>
 */
public final class HelloAwait {
  private HelloAwait() {}

  /**
   * Prints "Hello world!", sleeps 1 s, prints "Hello again!".
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> hello() {
    System.out.println("Hello world!");
    Void r = await(sleep(1)); // Python: r = await asyncio.sleep(1)
    System.out.println("Hello again!");
    return done();
  }

  /**
   * Runs {@link #hello()} on {@code loop} until it completes, then closes the loop.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    loop.runUntilComplete(hello());
    loop.close();
  }

  /**
   * Runs the program on a new event loop.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(Asyncio.newEventLoop());
  }
}
