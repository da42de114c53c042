package io.weft.benchmarks;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.sleep;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The task workloads W1–W3, as woven coroutines and as virtual threads doing the same thing.
 * {@link SwitchBenchmark} times W2, {@link ResumeBenchmark} W3; {@link SleepingTasks} measures W1.
 */
final class Tasks {
  private Tasks() {}

  // ------------------------------------------------------------------ W1: sleeping tasks

  /** W1's task: sleep, then end. */
  @Coroutine
  static Coro<Void> sleeper(double seconds) {
    await(sleep(seconds));
    return done();
  }

  // ------------------------------------------------------------------ W2: ping-pong

  /**
   * W2, one side: takes the token from its own mailbox (a Future), then hands it on to the other
   * side's mailbox, {@code rounds} times.
   */
  @Coroutine
  static Coro<Integer> player(Future<Integer>[] boxes, int me, int rounds) {
    EventLoop loop = boxes[me].getLoop();
    int token = 0;
    for (int i = 0; i < rounds; i++) {
      token = await(boxes[me]);
      boxes[me] = loop.createFuture();
      boxes[1 - me].setResult(token + 1);
    }
    return done(token);
  }

  /** W2 on one loop: two tasks, {@code rounds} round trips; returns the last token. */
  @SuppressWarnings("unchecked")
  static int pingPongWeft(int rounds) {
    try (EventLoop loop = new EventLoop()) {
      Future<Integer>[] boxes = new Future[] {loop.createFuture(), loop.createFuture()};
      Task<Integer> a = loop.createTask(player(boxes, 0, rounds));
      Task<Integer> b = loop.createTask(player(boxes, 1, rounds));
      boxes[0].setResult(0);
      loop.runUntilComplete(a);
      return loop.runUntilComplete(b);
    }
  }

  /** W2 with two virtual threads and two capacity-1 queues. */
  static int pingPongLoom(int rounds) {
    BlockingQueue<Integer> toA = new ArrayBlockingQueue<>(1);
    BlockingQueue<Integer> toB = new ArrayBlockingQueue<>(1);
    int[] last = new int[1];
    Thread a = Loom.start(() -> relay(toA, toB, rounds, last));
    Thread b = Loom.start(() -> relay(toB, toA, rounds, null));
    toA.add(0);
    Loom.join(a);
    Loom.join(b);
    return last[0];
  }

  private static void relay(BlockingQueue<Integer> in, BlockingQueue<Integer> out, int rounds,
      int[] last) {
    try {
      int token = 0;
      for (int i = 0; i < rounds; i++) {
        token = in.take();
        out.put(token + 1);
      }
      if (last != null) {
        last[0] = token;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ W3: deep resume

  /** W3: a chain of {@code depth} coroutines; the innermost yields to the loop {@code n} times. */
  @Coroutine
  static Coro<Integer> chain(int depth, int n) {
    if (depth > 1) {
      int r = await(chain(depth - 1, n));
      return done(r + 1);
    }
    for (int i = 0; i < n; i++) {
      await(sleep(0));
    }
    return done(1);
  }

  /** W3 on one loop: returns the depth the chain reports. */
  static int deepResumeWeft(int depth, int n) {
    try (EventLoop loop = new EventLoop()) {
      return loop.runUntilComplete(chain(depth, n));
    }
  }

  /** W3 with one virtual thread: recursion to {@code depth}, then {@code n} Thread.yield(). */
  static int deepResumeLoom(int depth, int n) {
    int[] result = new int[1];
    Thread t = Loom.start(() -> result[0] = loomChain(depth, n));
    Loom.join(t);
    return result[0];
  }

  private static int loomChain(int depth, int n) {
    if (depth > 1) {
      return loomChain(depth - 1, n) + 1;
    }
    for (int i = 0; i < n; i++) {
      Thread.yield();
    }
    return 1;
  }
}
