package io.weft.examples.asyncio;

import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;
import static io.weft.Asyncio.yieldFrom;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import java.util.List;

/**
 * Two {@code hello()} coroutines run as tasks on one thread (seed 000, "we wrap two coroutines in
 * Tasks"; seed 001 has the same program). Both sleep at the same time, so the program takes about
 * one second, not two, and every line names the same thread:
 *
 * <pre>
 * Hello world! (main)
 * Hello world! (main)
 * (a pause of about 1 s)
 * Hello again! (main)
 * Hello again! (main)
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * &#64;asyncio.coroutine
 * def hello():
 *     print('Hello world! (%s)' % threading.currentThread())
 *     yield from asyncio.sleep(1)
 *     print('Hello again! (%s)' % threading.currentThread())
 *
 * loop = asyncio.get_event_loop()
 * tasks = [hello(), hello()]
 * loop.run_until_complete(asyncio.wait(tasks))
 * loop.close()
 * </pre>
 *
 * <p>{@code asyncio.wait} comes with the combinators (issue 3); until then the program makes the
 * two tasks itself and runs the loop until each is done. Running until the first is done already
 * runs both, since they share the loop. Python prints the thread object; this prints its name.
 */
public final class TwoHellos {
  private TwoHellos() {}

  /**
   * Prints "Hello world!" with the current thread's name, sleeps 1 s, prints "Hello again!" with
   * it.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> hello() {
    System.out.println("Hello world! (" + Thread.currentThread().getName() + ")");
    yieldFrom(sleep(1));
    System.out.println("Hello again! (" + Thread.currentThread().getName() + ")");
    return done();
  }

  /**
   * Runs two {@link #hello()} tasks on {@code loop} until both are done, then closes the loop.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    List<Task<Void>> tasks = List.of(loop.createTask(hello()), loop.createTask(hello()));
    for (Task<Void> task : tasks) { // stands for run_until_complete(asyncio.wait(tasks))
      loop.runUntilComplete(task);
    }
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
