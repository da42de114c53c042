package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One coroutine, {@code add}, called from the loop's thread and from a worker thread (seed 002,
 * "Example 2"). {@code masterThread} awaits it on the loop. {@code slaveThread} is a plain
 * function run in the loop's default executor: it blocks its worker thread for 2 s, hands {@code
 * add} to the loop with {@code runCoroutineThreadsafe} and blocks again on the result. {@code
 * gather} joins the coroutine and the executor's future, so {@code main} ends when both have.
 * Prints (the times vary a little from run to run):
 *
 * <pre>
 * (a pause of about 1 s)
 * 0.00 s master: 1+2=3
 * (a pause of about 2 s)
 * 2.00 s slave: 1+2=3
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def add(a, b):
 *     await asyncio.sleep(1)
 *     return a + b
 *
 * async def master_thread(loop):
 *     print("{} master: 1+2={}".format(datetime.now(), await add(1, 2)))
 *
 * def slave_thread(loop):
 *     # note: this is not a coroutine function
 *     import time
 *     time.sleep(2)
 *     f = asyncio.run_coroutine_threadsafe(add(1, 2), loop)
 *     print("{} slave: 1+2={}".format(datetime.now(), f.result()))
 *
 * async def main(loop):
 *     await asyncio.gather(
 *         master_thread(loop),
 *         # run in the thread pool
 *         loop.run_in_executor(None, slave_thread, loop),
 *     )
 *
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(main(loop))
 * loop.close()
 * </pre>
 *
 * <p>The master's {@code add} sleeps from 0 s to 1 s. The slave's starts when its thread wakes at
 * 2 s and ends at 3 s, on the loop's thread; the loop was free to run it because the only thing
 * blocked, twice, is the worker thread. Where the seed prints {@code datetime.now()}, this prints
 * the seconds since the program started on the loop's clock, which can be compared from run to
 * run. Read closely, the seed stamps each line <em>before</em> it has the sum: Python evaluates
 * {@code format}'s arguments left to right, so {@code datetime.now()} is taken before {@code await
 * add(1, 2)} suspends (and before {@code f.result()} blocks). Java's {@code +} evaluates left to
 * right too, and the twin keeps the seed's shape, an {@code await} in the middle of the
 * expression: the lines say 0.00 s and 2.00 s, when each coroutine asked for its sum, and are
 * printed at 1 s and 3 s, when the sum came.
 */
public final class MasterSlave {
  private MasterSlave() {}

  /** How long {@link #slaveThread} blocks its thread before calling {@link #add}, in ms. */
  static final long SLAVE_BLOCKS_MILLIS = 2000;

  /** When the program started, on the loop's clock. */
  private static double start;

  /**
   * Sleeps 1 s and returns {@code a + b}.
   *
   * @param a a number
   * @param b another
   * @return the coroutine, whose result is the sum
   */
  @Coroutine
  static Coro<Integer> add(int a, int b) {
    await(sleep(1));
    return done(a + b);
  }

  /**
   * Awaits {@code add(1, 2)} on the loop and prints the sum, stamped with the time it asked for
   * it. The seed's name: it runs on the loop's thread, not a thread of its own.
   *
   * @param loop the loop, for its clock
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> masterThread(EventLoop loop) {
    // now(loop) is on the operand stack while the task is suspended in await, as in the seed
    System.out.println(now(loop) + " master: 1+2=" + await(add(1, 2)));
    return done();
  }

  /**
   * Not a coroutine: runs on a worker thread, blocks it for {@link #SLAVE_BLOCKS_MILLIS}, then
   * submits {@code add(1, 2)} to {@code loop} and blocks until it has the sum, which it prints,
   * stamped with the time it asked for it.
   *
   * @param loop the loop, running on another thread
   * @throws InterruptedException when the worker thread is interrupted while it blocks
   */
  static void slaveThread(EventLoop loop) throws InterruptedException {
    Thread.sleep(SLAVE_BLOCKS_MILLIS); // Python: time.sleep(2), a blocking call
    CompletableFuture<Integer> f = Asyncio.runCoroutineThreadsafe(add(1, 2), loop);
    System.out.println(now(loop) + " slave: 1+2=" + f.join()); // f.result(): blocks this thread
  }

  /**
   * Gathers {@link #masterThread} and {@link #slaveThread} run in the loop's default executor.
   *
   * @param loop the loop
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(EventLoop loop) {
    Future<Void> slave =
        loop.runInExecutor(null, () -> { // null: the default executor, as Python's None
          slaveThread(loop);
          return null;
        });
    await(gather(masterThread(loop), slave)); // a Future<List<Object>>; its results are unused
    return done();
  }

  /** The seconds since {@link #start}, for {@code datetime.now()}. */
  private static String now(EventLoop loop) {
    return String.format(Locale.ROOT, "%.2f s", loop.time() - start);
  }

  /**
   * Runs {@link #main} on {@code loop} until it completes, then closes the loop, which shuts its
   * default executor down.
   *
   * @param loop the loop
   */
  static void run(EventLoop loop) {
    start = loop.time();
    loop.runUntilComplete(main(loop));
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
