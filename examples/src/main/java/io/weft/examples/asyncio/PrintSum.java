package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;

/**
 * A coroutine awaiting another (seed 002, "Example 1"; seed 004's "nested coroutines" is the same
 * chain): {@code print_sum} awaits {@code compute}, which sleeps one second and returns the sum.
 * Prints:
 *
 * <pre>
 * Compute 1 + 2 ...
 * (a pause of about 1 s)
 * 1 + 2 = 3
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def compute(x, y):
 *     print("Compute %s + %s ..." % (x, y))
 *     await asyncio.sleep(1.0)
 *     return x + y
 *
 * async def print_sum(x, y):
 *     result = await compute(x, y)
 *     print("%s + %s = %s" % (x, y, result))
 *
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(print_sum(1, 2))
 * loop.close()
 * </pre>
 */
public final class PrintSum {
  private PrintSum() {}

  /**
   * Sleeps 1 s, then returns {@code x + y}.
   *
   * @param x the first addend
   * @param y the second addend
   * @return the coroutine, whose result is the sum
   */
  @Coroutine
  static Coro<Integer> compute(int x, int y) {
    System.out.println("Compute " + x + " + " + y + " ...");
    await(sleep(1.0));
    return done(x + y);
  }

  /**
   * Awaits {@link #compute} and prints the sum.
   *
   * @param x the first addend
   * @param y the second addend
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> printSum(int x, int y) {
    int result = await(compute(x, y)); // print_sum is suspended until compute returns
    System.out.println(x + " + " + y + " = " + result);
    return done();
  }

  /**
   * Runs {@code printSum(1, 2)} on {@code loop}, then closes the loop.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    loop.runUntilComplete(printSum(1, 2));
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
