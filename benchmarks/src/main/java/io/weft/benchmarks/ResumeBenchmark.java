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
 * W3: ns per resume of a chain of D coroutines each awaiting the next, the innermost yielding
 * to the loop ({@code sleep(0)}), against a virtual thread yielding ({@code Thread.yield()}) at
 * recursion depth D, in the same run. Flat in D is the goal: a resume does not walk the chain. Run on JDK 25 (the Loom side needs
 * virtual threads): the {@code loom1} methods fork with one carrier thread ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}), the {@code loomDefault} ones with the default.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/weft-benchmarks.jar \
 *     ResumeBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResumeBenchmark {
  static final int YIELDS = 100_000;
  private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

  /** The chain's depth. */
  @Param({"1", "10", "100"})
  public int depth;

  /** Weft: one resume = the innermost coroutine back from sleep(0), under D frames. */
  @Benchmark
  @OperationsPerInvocation(YIELDS)
  public int weft() {
    return Tasks.deepResumeWeft(depth, YIELDS);
  }

  /** A virtual thread on one carrier. */
  @Benchmark
  @OperationsPerInvocation(YIELDS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", ONE_CARRIER})
  public int loom1() {
    return Tasks.deepResumeLoom(depth, YIELDS);
  }

  /** A virtual thread on the default scheduler. */
  @Benchmark
  @OperationsPerInvocation(YIELDS)
  public int loomDefault() {
    return Tasks.deepResumeLoom(depth, YIELDS);
  }
}
