package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.createTask;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.Queue;
import io.weft.sync.QueueShutDown;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer faster than its two consumers, with a bounded queue between them: the queue fills
 * up and holds the producer back, {@code join()} waits until every item is processed, and {@code
 * shutdown()} lets the consumers end. A companion to the seed's {@code parse_html}/{@code
 * use_html} pair ({@code lock-and-queue}), in the shape of the Python documentation's queue
 * example. Prints (times are the loop's clock):
 *
 * <pre>
 * produced item-1
 * produced item-2
 * worker-1 got item-1
 * worker-2 got item-2
 * produced item-3
 * produced item-4
 * ...
 * all 6 items processed at 1.5 s
 * worker-1 processed 3, worker-2 processed 3
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * async def producer(queue, n):
 *     for i in range(1, n + 1):
 *         await queue.put(f"item-{i}")     # waits while the queue is full
 *         print(f"produced item-{i}")
 *
 * async def worker(name, queue):
 *     done = 0
 *     try:
 *         while True:
 *             item = await queue.get()     # QueueShutDown once shut down and empty
 *             print(f"{name} got {item}")
 *             await asyncio.sleep(0.5)     # the work
 *             queue.task_done()
 *             done += 1
 *     except asyncio.QueueShutDown:
 *         return done
 *
 * async def main():
 *     queue = asyncio.Queue(maxsize=2)
 *     workers = [asyncio.create_task(worker(f"worker-{i}", queue)) for i in (1, 2)]
 *     await producer(queue, 6)
 *     await queue.join()
 *     print(f"all 6 items processed at {loop.time() - start:.1f} s")
 *     queue.shutdown()
 *     counts = await asyncio.gather(*workers)
 * </pre>
 */
public final class ProducerConsumer {
  private ProducerConsumer() {}

  /** How many items the producer makes. */
  static final int ITEMS = 6;

  /**
   * Puts {@code n} items on the queue, waiting whenever it is full.
   *
   * @param queue the queue
   * @param n how many
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> producer(Queue<String> queue, int n) {
    for (int i = 1; i <= n; i++) {
      await(queue.put("item-" + i));
      System.out.println("produced item-" + i);
    }
    return done();
  }

  /**
   * Takes items and works half a second on each, until the queue is shut down and empty.
   *
   * @param name the worker's name
   * @param queue the queue
   * @return the coroutine, whose result is how many items it processed
   */
  @Coroutine
  static Coro<Integer> worker(String name, Queue<String> queue) {
    int processed = 0;
    try {
      while (true) {
        String item = await(queue.get());
        System.out.println(name + " got " + item);
        await(sleep(0.5));
        queue.taskDone();
        processed++;
      }
    } catch (QueueShutDown end) {
      return done(processed);
    }
  }

  /**
   * Python's {@code main()}.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main() {
    EventLoop loop = Asyncio.getRunningLoop();
    double start = loop.time();
    Queue<String> queue = new Queue<>(2);
    List<Task<Integer>> workers = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      workers.add(createTask(worker("worker-" + i, queue)));
    }
    await(producer(queue, ITEMS));
    await(queue.join());
    System.out.printf("all %d items processed at %.1f s%n", ITEMS, loop.time() - start);
    queue.shutdown();
    List<Integer> counts = await(gather(workers));
    System.out.println("worker-1 processed " + counts.get(0) + ", worker-2 processed " + counts.get(1));
    return done();
  }

  /**
   * Runs {@link #main()} on {@code loop}.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    loop.runUntilComplete(main());
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
