package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Coro;
import io.weft.Coroutine;

/**
 * Seed 004's {@code testAsync()}, which its programs share: {@link DoneCallback}, {@link
 * Interrupt} and {@link WaitAndGather} each run it their own way.
 *
 * <pre>
 * async def testAsync(*args):
 *     print("this is a test for async")
 *     await asyncio.sleep(2)
 *     print("test again")
 *     return "lixingyun"
 * </pre>
 */
final class TestAsync {
  private TestAsync() {}

  /**
   * Prints a line, sleeps 2 s, prints another, returns "lixingyun".
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<String> testAsync() {
    System.out.println("this is a test for async");
    await(sleep(2));
    System.out.println("test again");
    return done("lixingyun");
  }
}
