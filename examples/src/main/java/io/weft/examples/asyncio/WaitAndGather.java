package io.weft.examples.asyncio;

import static io.weft.examples.asyncio.TestAsync.testAsync;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import io.weft.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Timing concurrent sleeps under {@code asyncio.wait} and {@code asyncio.gather} (seed 004, "event
 * loop"). One {@code testAsync()} sleeps 2 s; two under {@code wait}, four gathered in one call,
 * and four gathered in two groups whose gathering futures are gathered again all take the same
 * 2 s, since their sleeps overlap. Prints (the figures are the loop's clock, and vary a little
 * from run to run):
 *
 * <pre>
 * this is a test for async
 * test again
 * elapsed: 2.00 s
 * this is a test for async        (×2)
 * test again                      (×2)
 * elapsed: 2.00 s
 * this is a test for async        (×4)
 * test again                      (×4)
 * elapsed: 2.00 s
 * this is a test for async        (×4)
 * test again                      (×4)
 * elapsed: 2.00 s
 * [[lixingyun, lixingyun], [lixingyun, lixingyun]]
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
 * start = time.time()
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(testAsync())
 * print("elapsed:", time.time() - start)   # even 10 of them take 2 s; with time.sleep(2), 20 s
 *
 * start = time.time()
 * tasks = [testAsync() for i in range(2)]
 * loop.run_until_complete(asyncio.wait(tasks))
 * print("elapsed:", time.time() - start)
 *
 * # gather works at a higher level than wait: it does all wait does, and can group
 * start = time.time()
 * group1 = [testAsync() for i in range(2)]
 * group2 = [testAsync() for i in range(2)]
 * loop.run_until_complete(asyncio.gather(*group1, *group2))
 * print("elapsed:", time.time() - start)
 *
 * # or run them this way
 * start = time.time()
 * group3 = [testAsync() for i in range(2)]
 * group4 = [testAsync() for i in range(2)]
 * group3 = asyncio.gather(*group3)
 * group4 = asyncio.gather(*group4)
 * loop.run_until_complete(asyncio.gather(group3, group4))
 * print("elapsed:", time.time() - start)
 * </pre>
 *
 * <p>Three changes. {@code asyncio.wait} is given tasks, not coroutines: Python 3.11 and Weft
 * refuse coroutines there ("Passing coroutines is forbidden, use tasks explicitly"). The seed's
 * {@code get_event_loop()} also made the loop the thread's current one, which {@code gather}
 * outside a running loop needs to wrap its coroutines in tasks; here that is an explicit {@code
 * Asyncio.setEventLoop(loop)}. And the last gather's result is printed, to show the groups
 * nested in it. The same program goes on to a done callback bound with {@code partial}: that
 * part is the {@code done-callback} example ({@link DoneCallback}). The time is the loop's.
 */
public final class WaitAndGather {
  private WaitAndGather() {}

  /** {@code n} new {@link TestAsync#testAsync()} coroutines: Python's {@code [testAsync() for i in ...]}. */
  private static List<Coro<String>> testAsyncs(int n) {
    List<Coro<String>> coros = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      coros.add(testAsync());
    }
    return coros;
  }

  private static void printElapsed(EventLoop loop, double start) {
    System.out.println(String.format(Locale.ROOT, "elapsed: %.2f s", loop.time() - start));
  }

  /**
   * Runs one {@link TestAsync#testAsync()}, then two under {@code wait}, four under one {@code gather}
   * and four in two gathered groups, printing how long each took.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    Asyncio.setEventLoop(loop); // Python's get_event_loop() made it the current loop
    try {
      double start = loop.time();
      loop.runUntilComplete(testAsync());
      printElapsed(loop, start);

      start = loop.time();
      List<Task<String>> tasks = new ArrayList<>();
      for (Coro<String> coro : testAsyncs(2)) {
        tasks.add(loop.createTask(coro)); // wait() takes tasks, not coroutines
      }
      WaitResult<Task<String>> doneAndPending = loop.runUntilComplete(Asyncio.wait(tasks));
      assert doneAndPending.pending().isEmpty(); // ALL_COMPLETED, no timeout
      printElapsed(loop, start);

      start = loop.time();
      List<Coro<String>> group1 = testAsyncs(2);
      List<Coro<String>> group2 = testAsyncs(2);
      List<Coro<String>> both = new ArrayList<>(group1); // *group1, *group2
      both.addAll(group2);
      loop.runUntilComplete(Asyncio.gather(both));
      printElapsed(loop, start);

      start = loop.time();
      Future<List<String>> group3 = Asyncio.gather(testAsyncs(2));
      Future<List<String>> group4 = Asyncio.gather(testAsyncs(2));
      List<List<String>> groups = loop.runUntilComplete(Asyncio.gather(List.of(group3, group4)));
      printElapsed(loop, start);
      System.out.println(groups);
    } finally {
      Asyncio.setEventLoop(null);
      loop.close();
    }
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
