package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Task;
import io.weft.sync.Barrier;
import io.weft.sync.Condition;
import io.weft.sync.Event;
import io.weft.sync.Lock;
import io.weft.sync.Semaphore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** The snippets of {@code docs/sync.md}, run as written there, so the page cannot rot. */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SyncDocsTest {

  static <T> T runVirtual(Coro<T> main) {
    return run(main, null, Loops::virtual);
  }

  // ------------------------------------------------------------------ async with lock

  static int balance = 100;

  @Coroutine
  static Coro<Boolean> withdraw(int amount) { // the body: runs holding the lock
    if (balance < amount) {
      return done(false);
    }
    await(sleep(0.1)); // other tasks run meanwhile...
    balance -= amount; // ...but none of them gets in here
    return done(true);
  }

  @Coroutine
  static Coro<String> twoWithdrawals() {
    Lock lock = new Lock();
    Task<Boolean> a = createTask(lock.run(withdraw(80))); // async with lock: ...
    Task<Boolean> b = createTask(lock.run(withdraw(80)));
    await(gather(a, b));
    return done(a.result() + " " + b.result() + " " + balance); // "true false 20"
  }

  /** docs/sync.md, "async with": the lock keeps the second withdrawal out of the first. */
  @Test
  void runKeepsTheSecondWithdrawalOut() {
    balance = 100;
    assertEquals("true false 20", runVirtual(twoWithdrawals()));
  }

  @Coroutine
  static Coro<Integer> explicitForm(Lock lock, int amount) {
    await(lock.acquire());
    try {
      balance -= amount;
    } finally {
      lock.release();
    }
    return done(balance);
  }

  /** docs/sync.md, the explicit try/finally form. */
  @Test
  void theExplicitFormReleases() {
    balance = 100;
    Lock lock = new Lock();
    assertEquals(70, runVirtual(explicitForm(lock, 30)));
    assertFalse(lock.locked());
  }

  // ------------------------------------------------------------------ condition

  @Coroutine
  static Coro<String> take(Condition cond, Deque<String> items) { // async with cond: ...
    await(cond.waitFor(() -> !items.isEmpty()));
    return done(items.removeFirst());
  }

  @Coroutine
  static Coro<Void> put(Condition cond, Deque<String> items, String item) {
    await(cond.acquire());
    try {
      items.addLast(item);
      cond.signal();
    } finally {
      cond.release();
    }
    return done();
  }

  @Coroutine
  static Coro<String> consumer(Condition cond, Deque<String> items) {
    String item = await(cond.run(take(cond, items)));
    return done(item);
  }

  @Coroutine
  static Coro<List<String>> producerAndConsumers() {
    Condition cond = new Condition();
    Deque<String> items = new ArrayDeque<>();
    Task<String> c1 = createTask(consumer(cond, items));
    Task<String> c2 = createTask(consumer(cond, items));
    await(sleep(0));
    await(put(cond, items, "a"));
    await(put(cond, items, "b"));
    await(gather(c1, c2));
    return done(List.of(c1.result(), c2.result()));
  }

  /** docs/sync.md, the condition snippet: consumers take the items in the order they waited. */
  @Test
  void consumersTakeTheItemsInTheOrderTheyWaited() {
    assertEquals(List.of("a", "b"), runVirtual(producerAndConsumers()));
  }

  // ------------------------------------------------------------------ semaphore, event, barrier

  static int running;
  static int mostRunning;

  @Coroutine
  static Coro<String> fetch(String url) {
    running++;
    mostRunning = Math.max(mostRunning, running);
    await(sleep(1));
    running--;
    return done(url);
  }

  @Coroutine
  static Coro<Double> boundedFetches() {
    Semaphore sem = new Semaphore(3);
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      tasks.add(createTask(sem.run(fetch("url" + i))));
    }
    double t0 = getRunningLoop().time();
    await(gather(tasks));
    return done(getRunningLoop().time() - t0);
  }

  /** docs/sync.md: a semaphore of 3 runs 7 one-second fetches at most 3 at once, in 3 seconds. */
  @Test
  void aSemaphoreBoundsConcurrency() {
    running = 0;
    mostRunning = 0;
    assertEquals(3.0, runVirtual(boundedFetches()), 1e-9);
    assertEquals(3, mostRunning);
  }

  @Coroutine
  static Coro<Integer> meet(Event ready, Barrier barrier) {
    await(ready.await());
    int i = await(barrier.await());
    return done(i);
  }

  @Coroutine
  static Coro<List<Object>> eventThenBarrier() {
    Event ready = new Event();
    Barrier barrier = new Barrier(2);
    Task<Integer> a = createTask(meet(ready, barrier));
    Task<Integer> b = createTask(meet(ready, barrier));
    await(sleep(0));
    ready.set();
    return done(await(gather(a, b)));
  }

  /** docs/sync.md: {@code await(ready.await())}, {@code int i = await(barrier.await())}. */
  @Test
  void anEventReleasesTasksThatThenMeetAtABarrier() {
    assertEquals(List.of(0, 1), runVirtual(eventThenBarrier()));
  }
}
