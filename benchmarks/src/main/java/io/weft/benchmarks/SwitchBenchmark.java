package io.weft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2: ns per switch between two tasks handing a token back and forth, Weft (two Futures as
 * mailboxes) against virtual threads (two capacity-1 queues) in the same run. Run on JDK 25 (the Loom side needs
 * virtual threads): the {@code loom1} methods fork with one carrier thread ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}), the {@code loomDefault} ones with the default.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/weft-benchmarks.jar \
 *     SwitchBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SwitchBenchmark {
  static final int ROUNDS = 100_000;
  private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

  /** Weft: one switch = one task handing the token to the other. */
  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  public int weft() {
    return Tasks.pingPongWeft(ROUNDS);
  }

  /** Virtual threads on one carrier. */
  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", ONE_CARRIER})
  public int loom1() {
    return Tasks.pingPongLoom(ROUNDS);
  }

  /** Virtual threads on the default scheduler. */
  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  public int loomDefault() {
    return Tasks.pingPongLoom(ROUNDS);
  }
}
