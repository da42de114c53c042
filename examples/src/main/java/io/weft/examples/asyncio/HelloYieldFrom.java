package io.weft.examples.asyncio;

import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;
import static io.weft.Asyncio.yieldFrom;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;

/**
 * The first asyncio program of seed 000 ({@code hello()}, also in seed 001), in the seed's older
 * style: a generator-based coroutine that suspends with {@code yield from}. It prints a line,
 * sleeps one second without blocking the thread, and prints another:
 *
 * <pre>
 * Hello world!
 * Hello again!
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * &#64;asyncio.coroutine
 * def hello():
 *     print("Hello world!")
 *     # asynchronously call asyncio.sleep(1):
 *     r = yield from asyncio.sleep(1)
 *     print("Hello again!")
 *
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(hello())
 * loop.close()
 * </pre>
 *
 * <p>{@link HelloAwait} is the same program with {@code await}.
 */
public final class HelloYieldFrom {
  private HelloYieldFrom() {}

  /**
   * Prints "Hello world!", sleeps 1 s, prints "Hello again!".
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> hello() {
    System.out.println("Hello world!");
    // asynchronously call asyncio.sleep(1): the thread does not wait, the loop runs other work
    Void r = yieldFrom(sleep(1)); // r is null, as in the seed (sleep returns None)
    System.out.println("Hello again!");
    return done();
  }

  /**
   * Runs {@link #hello()} on {@code loop} until it completes, then closes the loop.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    loop.runUntilComplete(hello()); // run the coroutine
    loop.close();
  }

  /**
   * Runs the program on a new event loop.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // Python 3.14's get_event_loop() no longer creates a loop: new_event_loop() is its twin here
    run(Asyncio.newEventLoop());
  }
}
