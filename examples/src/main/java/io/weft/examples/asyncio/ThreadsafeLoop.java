package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * An event loop running in a second thread, fed a coroutine from the main thread with {@code
 * runCoroutineThreadsafe} (seed 002, "Example 3": "two threads managing one event loop"). The
 * loop's thread runs a long task of its own; the main thread hands it a five-step task, blocks
 * on the Java future it gets back, prints its result, and stops the loop. Both tasks share the
 * loop, so their lines alternate, one pair a second:
 *
 * <pre>
 * sub thread
 * main thread
 * sub thread
 * main thread
 * sub thread
 * main thread
 * sub thread
 * main thread
 * sub thread
 * main thread
 * sub thread
 * main done: 5
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def task(c, i):
 *     for _ in range(i):
 *         print(c)
 *         await asyncio.sleep(1)
 *     return i
 *
 * def thread(loop):
 *     asyncio.set_event_loop(loop)
 *     asyncio.ensure_future(task('sub thread', 999))
 *     loop.run_forever()
 *
 * def main():
 *     threading.Thread(target=thread, args=(asyncio.get_event_loop(), )).start()
 *     future = asyncio.ensure_future(task('main thread', 5))
 *     while not future.done():
 *         time.sleep(1)
 *     print('main done: %s' % future.result())
 * </pre>
 *
 * <p>Two changes. The seed schedules the main thread's task with {@code ensure_future}, which is
 * not thread-safe while the loop runs in another thread; {@code run_coroutine_threadsafe} is the
 * call made for it, and its future can be waited on with a blocking {@code join} rather than by
 * polling {@code done()} every second. And the seed leaves its loop running for 999 s; this one
 * stops it with {@code callSoonThreadsafe(loop::stop)} once the main thread has its result.
 */
public final class ThreadsafeLoop {
  private ThreadsafeLoop() {}

  /**
   * Prints {@code c} and sleeps 1 s, {@code i} times; returns {@code i}.
   *
   * @param c what to print
   * @param i how many times
   * @return the coroutine, whose result is {@code i}
   */
  @Coroutine
  static Coro<Integer> task(String c, int i) {
    for (int n = 0; n < i; n++) {
      System.out.println(c);
      await(sleep(1));
    }
    return done(i);
  }

  /**
   * The body of the loop's thread: schedules a long task and runs the loop until it is stopped.
   *
   * @param loop the loop this thread runs
   */
  static void thread(EventLoop loop) {
    Asyncio.setEventLoop(loop);
    Asyncio.ensureFuture(task("sub thread", 999));
    loop.runForever();
  }

  /**
   * Starts the loop's thread, runs a five-step task on it from this thread, prints the result,
   * then stops the loop and closes it.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    EventLoop loop = Asyncio.newEventLoop();
    Thread sub = new Thread(() -> thread(loop), "sub thread");
    sub.start();

    // synchronous code from here on: the coroutine goes to the loop in the other thread
    CompletableFuture<Integer> future =
        Asyncio.runCoroutineThreadsafe(task("main thread", 5), loop);
    System.out.println("main done: " + future.join()); // blocks this thread, not the loop

    loop.callSoonThreadsafe(loop::stop); // the one way to reach the loop from here
    try {
      sub.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    loop.close();
  }
}
