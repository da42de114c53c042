package io.weft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queue handoffs and lock acquisitions under contention ({@link SyncWorkloads}), Weft's {@code
 * io.weft.sync} against virtual threads on {@code java.util.concurrent} in the same run: ns per
 * item handed over, and ns per lock acquisition. Run on JDK 25: the {@code loom1} methods fork
 * with one carrier thread, the {@code loomDefault} ones with the default scheduler.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/weft-benchmarks.jar \
 *     SyncBenchmark -f 2 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SyncBenchmark {
  /** Items per invocation: the one million handoffs. */
  static final int ITEMS = 1_000_000;
  /** Tasks contending for the lock. */
  static final int TASKS = 1_000;
  /** Acquisitions per task per invocation. */
  static final int ROUNDS = 100;
  private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

  /** The queue's capacity: 1 (every item a switch each way) or 1024 (batches). */
  @State(Scope.Benchmark)
  public static class Capacity {
    /** The capacity. */
    @Param({"1", "1024"})
    public int capacity;
  }

  /** W2 through two capacity-1 {@code Queue}s: one op = one handoff. */
  @Benchmark
  @OperationsPerInvocation(2 * SwitchBenchmark.ROUNDS)
  public int pingPongWeft() {
    return SyncWorkloads.pingPongQueues(SwitchBenchmark.ROUNDS);
  }

  /** W2 with virtual threads on one carrier and two capacity-1 ArrayBlockingQueues. */
  @Benchmark
  @OperationsPerInvocation(2 * SwitchBenchmark.ROUNDS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", ONE_CARRIER})
  public int pingPongLoom1() {
    return Tasks.pingPongLoom(SwitchBenchmark.ROUNDS);
  }

  /** Weft: one op = one item through {@code io.weft.sync.Queue}. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long queueWeft(Capacity c) {
    return SyncWorkloads.queueWeft(ITEMS, c.capacity);
  }

  /** Virtual threads on one carrier, {@code ArrayBlockingQueue}. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", ONE_CARRIER})
  public long queueLoom1(Capacity c) {
    return SyncWorkloads.queueLoom(ITEMS, c.capacity);
  }

  /** Virtual threads on the default scheduler, {@code ArrayBlockingQueue}. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long queueLoomDefault(Capacity c) {
    return SyncWorkloads.queueLoom(ITEMS, c.capacity);
  }

  /** Weft: one op = one acquisition of a contended {@code io.weft.sync.Lock}. */
  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public long lockWeft() {
    return SyncWorkloads.lockWeft(TASKS, ROUNDS);
  }

  /** Virtual threads on one carrier, {@code ReentrantLock}. */
  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", ONE_CARRIER})
  public long lockLoom1() {
    return SyncWorkloads.lockLoom(TASKS, ROUNDS);
  }

  /** Virtual threads on the default scheduler, {@code ReentrantLock}. */
  @Benchmark
  @OperationsPerInvocation(TASKS * ROUNDS)
  public long lockLoomDefault() {
    return SyncWorkloads.lockLoom(TASKS, ROUNDS);
  }
}
