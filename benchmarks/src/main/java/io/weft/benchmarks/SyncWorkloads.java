package io.weft.benchmarks;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.sync.Lock;
import io.weft.sync.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The synchronization workloads, as woven coroutines on {@code io.weft.sync} and as virtual
 * threads on {@code java.util.concurrent} doing the same thing. {@link SyncBenchmark} times them.
 *
 * <ul>
 *   <li>Q: a producer task puts {@code n} items into a queue of {@code capacity}, a consumer task
 *       takes them: {@code Queue(capacity)} against {@code ArrayBlockingQueue(capacity)}. With
 *       capacity 1 every item is a switch both ways (PERFORMANCE.md's W2 through a queue).
 *   <li>L: {@code tasks} tasks each take a lock {@code rounds} times and, holding it, add one to a
 *       counter and yield, so every other task is waiting on the lock each time it is released:
 *       {@code Lock} against {@code ReentrantLock}.
 * </ul>
 */
final class SyncWorkloads {
  private SyncWorkloads() {}

  // ---------------------------------------------------------------------- Q: queue handoffs

  @Coroutine
  static Coro<Void> producer(Queue<Integer> queue, int n) {
    for (int i = 0; i < n; i++) {
      await(queue.put(i));
    }
    return done();
  }

  @Coroutine
  static Coro<Long> consumer(Queue<Integer> queue, int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += await(queue.get());
    }
    return done(sum);
  }

  /** Q on one loop: returns the sum of the items taken, so nothing is optimised away. */
  static long queueWeft(int n, int capacity) {
    try (EventLoop loop = new EventLoop()) {
      Queue<Integer> queue = new Queue<>(capacity);
      Task<Long> taker = loop.createTask(consumer(queue, n));
      loop.createTask(producer(queue, n));
      return loop.runUntilComplete(taker);
    }
  }

  /** Q with two virtual threads and an {@code ArrayBlockingQueue}. */
  static long queueLoom(int n, int capacity) {
    BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(capacity);
    long[] sum = new long[1];
    Thread taker = Loom.start(() -> {
      try {
        long s = 0;
        for (int i = 0; i < n; i++) {
          s += queue.take();
        }
        sum[0] = s;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread putter = Loom.start(() -> {
      try {
        for (int i = 0; i < n; i++) {
          queue.put(i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Loom.join(putter);
    Loom.join(taker);
    return sum[0];
  }

  // ------------------------------------------------- W2: ping-pong through capacity-1 queues

  /** W2 through queues, one side: take the token from its own queue, put it on the other's. */
  @Coroutine
  static Coro<Integer> queuePlayer(Queue<Integer> in, Queue<Integer> out, int rounds) {
    int token = 0;
    for (int i = 0; i < rounds; i++) {
      token = await(in.get());
      await(out.put(token + 1));
    }
    return done(token);
  }

  /**
   * PERFORMANCE.md's W2 exactly: two tasks hand a token back and forth through two capacity-1
   * {@code Queue}s, {@code rounds} round trips; returns the last token. The virtual-thread side
   * is {@link Tasks#pingPongLoom}, two capacity-1 {@code ArrayBlockingQueue}s.
   */
  static int pingPongQueues(int rounds) {
    try (EventLoop loop = new EventLoop()) {
      Queue<Integer> toA = new Queue<>(1);
      Queue<Integer> toB = new Queue<>(1);
      Task<Integer> a = loop.createTask(queuePlayer(toA, toB, rounds));
      Task<Integer> b = loop.createTask(queuePlayer(toB, toA, rounds));
      toA.putNowait(0);
      loop.runUntilComplete(a);
      return loop.runUntilComplete(b);
    }
  }

  // ---------------------------------------------------------------------- L: lock contention

  /** The counter the lock protects, one per run. */
  static final class Counter {
    long value;
  }

  @Coroutine
  static Coro<Void> locker(Lock lock, Counter counter, int rounds) {
    for (int i = 0; i < rounds; i++) {
      await(lock.acquire());
      try {
        counter.value++;
        await(sleep(0)); // every other task runs, and finds the lock taken
      } finally {
        lock.release();
      }
    }
    return done();
  }

  /** L on one loop: returns the counter, which must be {@code tasks * rounds}. */
  static long lockWeft(int tasks, int rounds) {
    try (EventLoop loop = new EventLoop()) {
      Lock lock = new Lock();
      Counter counter = new Counter();
      Task<?>[] all = new Task<?>[tasks];
      for (int t = 0; t < tasks; t++) {
        all[t] = loop.createTask(locker(lock, counter, rounds));
      }
      for (Task<?> t : all) {
        loop.runUntilComplete(t);
      }
      return counter.value;
    }
  }

  /** L with virtual threads and one {@code ReentrantLock}; Thread.yield() while holding it. */
  static long lockLoom(int tasks, int rounds) {
    ReentrantLock lock = new ReentrantLock();
    Counter counter = new Counter();
    Thread[] all = new Thread[tasks];
    for (int t = 0; t < tasks; t++) {
      all[t] = Loom.start(() -> {
        for (int i = 0; i < rounds; i++) {
          lock.lock();
          try {
            counter.value++;
            Thread.yield();
          } finally {
            lock.unlock();
          }
        }
      });
    }
    for (Thread t : all) {
      Loom.join(t);
    }
    return counter.value;
  }
}
