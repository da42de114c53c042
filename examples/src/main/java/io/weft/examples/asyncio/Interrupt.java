package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.createTask;
import static io.weft.Asyncio.done;
import static io.weft.examples.asyncio.TestAsync.testAsync;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.KeyboardInterrupt;
import io.weft.Runner;
import io.weft.Task;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Cancelling every task on Ctrl-C (seed 004, "cancelling coroutines"). Three tasks sleep 2 s.
 * Left alone, the program prints:
 *
 * <pre>
 * this is a test for async
 * this is a test for async
 * this is a test for async
 * test again
 * test again
 * test again
 * elapsed: 2.00 s
 * </pre>
 *
 * <p>Interrupted with Ctrl-C (SIGINT) while they sleep, it cancels the tasks still running and
 * ends normally, with status 0:
 *
 * <pre>
 * this is a test for async
 * this is a test for async
 * this is a test for async
 * cancel task ==&gt; true
 * cancel task ==&gt; true
 * elapsed: 0.03 s
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
 * tasks = [testAsync(), testAsync(), testAsync()]
 * loop = asyncio.get_event_loop()
 * try:
 *     loop.run_until_complete(asyncio.wait(tasks))
 * except KeyboardInterrupt as e:
 *     all_tasks = asyncio.Task.all_tasks()
 *     for task in all_tasks:
 *         result = task.cancel()
 *         print("cancel task ==&gt;", result)
 *     loop.stop()
 *     # after stop, run_forever must be called, or an exception is raised
 *     loop.run_forever()
 * finally:
 *     loop.close()
 * print("elapsed:", time.time() - start)
 * </pre>
 *
 * <p>A Java program does not get {@code KeyboardInterrupt} for free: the JVM's own handler ends
 * the process on SIGINT. A {@link Runner} (what {@code asyncio.run} uses) handles it as Python's
 * does: the first Ctrl-C cancels the main task, and {@code run} raises {@link KeyboardInterrupt}
 * once that task ends cancelled. So the program runs its tasks through a Runner and catches
 * {@code KeyboardInterrupt} where the seed does. The main task stands for {@code asyncio.wait}
 * (which comes with issue 3) by awaiting the tasks in turn; cancelling it cancels the task it is
 * awaiting too, as in Python, so two tasks are left to cancel. The time is the loop's.
 */
public final class Interrupt {
  private Interrupt() {}

  /**
   * Runs three {@link TestAsync#testAsync()} tasks and waits until all are done.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main() {
    List<Task<String>> tasks = List.of(createTask(testAsync()), createTask(testAsync()),
        createTask(testAsync()));
    for (Task<String> task : tasks) { // stands for asyncio.wait(tasks)
      await(task);
    }
    return done();
  }

  /**
   * Runs {@link #main()}; on Ctrl-C, cancels every task left and lets the loop finish them. Then
   * prints how long it took.
   *
   * @param loopFactory makes the loop, or null for a new one on the machine's clock; tests pass
   *     one on a virtual clock
   */
  static void run(Supplier<EventLoop> loopFactory) {
    Runner runner = new Runner(null, loopFactory);
    EventLoop loop = runner.getLoop();
    double start = loop.time();
    try {
      runner.run(main());
    } catch (KeyboardInterrupt e) {
      for (Task<?> task : Asyncio.allTasks(loop)) {
        boolean result = task.cancel();
        System.out.println("cancel task ==> " + result);
      }
      loop.stop();
      loop.runForever(); // stopped first, it runs one pass: the cancelled tasks finish in it
    } finally {
      runner.close();
    }
    System.out.println(String.format(Locale.ROOT, "elapsed: %.2f s", loop.time() - start));
  }

  /**
   * Runs the program; press Ctrl-C within 2 s to interrupt it.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(null);
  }
}
