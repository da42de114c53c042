package io.weft.examples.asyncio;

import static io.weft.examples.asyncio.TestAsync.testAsync;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;

/**
 * A done callback that takes an argument of its own (seed 004, "getting a coroutine's return
 * value"): Python binds the argument with {@code functools.partial}, Java with a lambda that
 * captures it. The loop calls it with the finished task, whose result it reads. Prints:
 *
 * <pre>
 * this is a test for async
 * (a pause of about 2 s)
 * test again
 * callback ==&gt; lixingyun another ==&gt; wanglin
 * lixingyun
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def testAsync(*args):
 *     print("this is a test for async")
 *     await asyncio.sleep(2)
 *     print("test again")
 *     return "lixingyun"
 *
 * def callback(args, future):
 *     print("callback ==&gt;", future.result(), "another ==&gt;", args)
 *
 * loop = asyncio.get_event_loop()
 * test_future = loop.create_task(testAsync())
 * test_future.add_done_callback(partial(callback, "wanglin"))
 * loop.run_until_complete(test_future)
 * print(test_future.result())
 * </pre>
 */
public final class DoneCallback {
  private DoneCallback() {}

  /**
   * The done callback: the argument bound to it comes first, the finished future last.
   *
   * @param args the argument the lambda captured
   * @param future the finished task
   */
  static void callback(String args, Future<String> future) {
    System.out.println("callback ==> " + future.result() + " another ==> " + args);
  }

  /**
   * Runs {@link TestAsync#testAsync()} as a task with {@link #callback} attached, then prints its result.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    Task<String> testFuture = loop.createTask(testAsync());
    // Python: add_done_callback(partial(callback, "wanglin")); the loop passes the future itself
    testFuture.addDoneCallback(future -> callback("wanglin", future));
    loop.runUntilComplete(testFuture);
    System.out.println(testFuture.result()); // read the same way as a thread's future
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
