package io.weft.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4 (see docs/performance.md): sum 10,000,000 boxed ints produced by a generator. Each woven
 * benchmark has a hand-written twin in the same class, so one run gives both and their ratio.
 * Scores are ns per element ({@code @OperationsPerInvocation(N)}).
 *
 * <ul>
 *   <li>{@code forEach_*}: {@code for (Integer x : gen) sum += x} (hasNext, next).
 *   <li>{@code sendNext_*}: {@code sum += gen.send(null)} until StopIteration.
 *   <li>{@code sendIn_*}: the ints are sent into the generator, which sums them.
 *   <li>{@code forEach_wovenPolluted}: forEach_woven after four other generator classes ran
 *       through the runtime, as in a program with many generators; its baseline is forEach_hand.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(GeneratorBenchmark.N)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class GeneratorBenchmark {
  /** Elements per invocation: W4's 10,000,000. */
  public static final int N = 10_000_000;

  /** N, read from a field so the JIT cannot treat the loop bound as a constant. */
  int n = N;

  @Benchmark
  public long forEach_hand() {
    return Workloads.forEachHand(n);
  }

  @Benchmark
  public long forEach_woven() {
    return Workloads.forEachWoven(n);
  }

  @Benchmark
  public long sendNext_hand() {
    return Workloads.sendNextHand(n);
  }

  @Benchmark
  public long sendNext_woven() {
    return Workloads.sendNextWoven(n);
  }

  @Benchmark
  public long sendIn_hand() {
    return Workloads.sendInHand(n);
  }

  @Benchmark
  public long sendIn_woven() {
    return Workloads.sendInWoven(n);
  }

  @Benchmark
  public long forEach_wovenPolluted(Polluted polluted) {
    return Workloads.forEachWoven(n);
  }

  /** Runs other generators before the first iteration, so their types reach the profiles. */
  @State(Scope.Thread)
  public static class Polluted {
    long sink;

    @Setup(Level.Trial)
    public void pollute() {
      sink = Workloads.pollute(20_000);
    }
  }
}
