package io.weft.benchmarks;

import io.weft.EventLoop;
import io.weft.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * W1, a whole-program measurement: {@code count} tasks (default 1,000,000) each awaiting {@code
 * sleep(1)}, against as many virtual threads each in {@code Thread.sleep(1000)}, in the same run.
 *
 * <ul>
 *   <li>{@code wall}: seconds from the first spawn until every task has finished (the sleep
 *       itself is 1 s of it);
 *   <li>{@code heap}: retained heap bytes per suspended task: (heap used after full collections
 *       with every task suspended − heap used before spawning) / count. The sleep is long (1 h)
 *       so nothing finishes while measuring.
 * </ul>
 *
 * <pre>
 * J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; CP=benchmarks/target/weft-benchmarks.jar
 * $J -Xms4g -Xmx4g -cp $CP io.weft.benchmarks.SleepingTasks weft heap
 * $J -Xms4g -Xmx4g -Djdk.virtualThreadScheduler.parallelism=1 -cp $CP io.weft.benchmarks.SleepingTasks loom heap
 * (the same with wall)
 * </pre>
 *
 * Prints one line: {@code W1 <system> <what> <value> count=<count>}.
 */
public final class SleepingTasks {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private SleepingTasks() {}

  /**
   * Runs one measurement.
   *
   * @param args system ({@code weft} or {@code loom}), what ({@code wall} or {@code heap}), and
   *     optionally the count
   * @throws Exception when a virtual thread is interrupted
   */
  public static void main(String[] args) throws Exception {
    String system = args.length > 0 ? args[0] : "weft";
    String what = args.length > 1 ? args[1] : "wall";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    double value;
    if (system.equals("weft")) {
      value = what.equals("heap") ? weftHeap(count) : weftWall(count);
    } else if (system.equals("loom")) {
      value = what.equals("heap") ? loomHeap(count) : loomWall(count);
    } else {
      throw new IllegalArgumentException("system must be weft or loom, got " + system);
    }
    System.out.printf(Locale.ROOT, "W1 %s %s %.2f count=%d%n", system, what, value, count);
    System.exit(0); // the Loom heap run leaves its sleepers behind
  }

  static double weftWall(int count) {
    try (EventLoop loop = new EventLoop()) {
      long t0 = System.nanoTime();
      Task<?>[] tasks = new Task<?>[count];
      for (int i = 0; i < count; i++) {
        tasks[i] = loop.createTask(Tasks.sleeper(1.0));
      }
      for (Task<?> t : tasks) {
        loop.runUntilComplete(t);
      }
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  static double weftHeap(int count) {
    EventLoop loop = new EventLoop();
    Task<?>[] tasks = new Task<?>[count];
    long before = usedAfterGc();
    for (int i = 0; i < count; i++) {
      tasks[i] = loop.createTask(Tasks.sleeper(3600));
    }
    loop.callSoon(loop::stop); // one pass: every task steps into its sleep, then the loop stops
    loop.runForever();
    long after = usedAfterGc();
    if (tasks[count - 1].done() || loop.isClosed()) {
      throw new IllegalStateException("the tasks must still be sleeping");
    }
    return (double) (after - before) / count;
  }

  static double loomWall(int count) throws InterruptedException {
    long t0 = System.nanoTime();
    Thread[] threads = new Thread[count];
    for (int i = 0; i < count; i++) {
      threads[i] = Loom.start(SleepingTasks::sleepOneSecond);
    }
    for (Thread t : threads) {
      t.join();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static double loomHeap(int count) throws InterruptedException {
    Thread[] threads = new Thread[count];
    CountDownLatch asleep = new CountDownLatch(count);
    long before = usedAfterGc();
    for (int i = 0; i < count; i++) {
      threads[i] = Loom.start(() -> {
        asleep.countDown();
        try {
          Thread.sleep(3_600_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    asleep.await();
    Thread.sleep(500); // let the last ones reach Thread.sleep
    long after = usedAfterGc();
    if (!threads[count - 1].isAlive()) {
      throw new IllegalStateException("the threads must still be sleeping");
    }
    return (double) (after - before) / count;
  }

  private static void sleepOneSecond() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
