package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.Lock;
import java.util.List;

/**
 * A counter two coroutines update with no lock (seed 004, "synchronisation and communication":
 * "no synchronisation needed"). {@code inc()} adds one a million times and {@code dec()} takes
 * one away a million times; the result is always 0. Prints:
 *
 * <pre>
 * 0
 * with an await between read and write: -1000
 * with the read and write under a lock: 0
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * counter = 0
 *
 * async def inc():
 *     global counter
 *     for i in range(1000000):
 *         counter += 1
 *
 * async def dec():
 *     global counter
 *     for i in range(1000000):
 *         counter -= 1
 *
 * tasks1 = [inc(), dec()]
 * loop = asyncio.get_event_loop()
 * loop.run_until_complete(asyncio.wait(tasks1))
 * print(counter)   # however often it runs, the result is right: 0
 * </pre>
 *
 * <p>Why no lock: both tasks run on the loop's one thread, and a task gives the thread up only
 * at an {@code await} that suspends. Neither loop awaits anything, so {@code inc()} runs its
 * million steps to the end before {@code dec()} starts; the two never interleave. Two threads
 * running the same loops would lose updates, as {@code counter++} is a read, an add and a write
 * another thread can come between.
 *
 * <p>The second line is this example's addition: the same two loops, a thousand steps each, with
 * {@code await(sleep(0))} between reading the counter and writing it back. Now each task
 * suspends inside its read-modify-write, the other runs in the gap, and every write overwrites
 * the other task's: {@code inc} counts 1, 2, ... 1000 and {@code dec} -1, -2, ... -1000 over the
 * same variable, and {@code dec}, which writes last, leaves -1000. A critical section that
 * awaits needs a lock: the third line runs the same loops with the read, the await and the write
 * under an {@link Lock} (Python's {@code async with lock:}, written here as {@code acquire} and
 * {@code release} in try/finally, so it is released even if the task is cancelled in the await),
 * and the counter ends at 0 again. {@code asyncio.wait} is given tasks, not
 * coroutines, which Python 3.11 and Weft refuse there.
 */
public final class Counter {
  private Counter() {}

  /** Python's global {@code counter}; both coroutines update it, on the loop's one thread. */
  static int counter = 0;

  /** How many steps each of {@link #inc()} and {@link #dec()} takes. */
  static final int STEPS = 1_000_000;

  /** How many steps each of the coroutines that await inside the update takes. */
  static final int AWAITING_STEPS = 1_000;

  /**
   * Adds one to {@link #counter}, {@link #STEPS} times, without awaiting.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> inc() {
    for (int i = 0; i < STEPS; i++) {
      counter += 1;
    }
    return done();
  }

  /**
   * Takes one from {@link #counter}, {@link #STEPS} times, without awaiting.
   *
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> dec() {
    for (int i = 0; i < STEPS; i++) {
      counter -= 1;
    }
    return done();
  }

  /**
   * Adds {@code delta} to {@link #counter}, {@code steps} times, suspending between reading the
   * counter and writing it back: a critical section with an await in it.
   *
   * @param delta 1 or -1
   * @param steps how many times
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> update(int delta, int steps) {
    for (int i = 0; i < steps; i++) {
      int read = counter;
      await(sleep(0)); // the other task runs here, and its write is lost below
      counter = read + delta;
    }
    return done();
  }

  /**
   * {@link #update(int, int)} with the read-modify-write under {@code lock}: the await inside no
   * longer lets the other task in between.
   *
   * @param lock the lock both tasks share
   * @param delta 1 or -1
   * @param steps how many times
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> lockedUpdate(Lock lock, int delta, int steps) {
    for (int i = 0; i < steps; i++) {
      await(lock.acquire());
      try {
        int read = counter;
        await(sleep(0)); // the other task runs here, and waits for the lock
        counter = read + delta;
      } finally {
        lock.release();
      }
    }
    return done();
  }

  /**
   * Runs {@link #inc()} and {@link #dec()} under {@code asyncio.wait} and prints the counter, then
   * the same with an await inside the update, then with that update under a lock.
   *
   * @param loop the loop; tests pass one on a virtual clock
   */
  static void run(EventLoop loop) {
    counter = 0;
    List<Task<Void>> tasks1 = List.of(loop.createTask(inc()), loop.createTask(dec()));
    loop.runUntilComplete(Asyncio.wait(tasks1));
    System.out.println(counter);

    counter = 0;
    List<Task<Void>> tasks2 =
        List.of(
            loop.createTask(update(+1, AWAITING_STEPS)),
            loop.createTask(update(-1, AWAITING_STEPS)));
    loop.runUntilComplete(Asyncio.wait(tasks2));
    System.out.println("with an await between read and write: " + counter);

    counter = 0;
    Lock lock = new Lock();
    List<Task<Void>> tasks3 =
        List.of(
            loop.createTask(lockedUpdate(lock, +1, AWAITING_STEPS)),
            loop.createTask(lockedUpdate(lock, -1, AWAITING_STEPS)));
    loop.runUntilComplete(Asyncio.wait(tasks3));
    System.out.println("with the read and write under a lock: " + counter);
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
