package io.weft.benchmarks;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.StopIteration;
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
 * ns per {@code await(child(i))} of a coroutine that returns at once: creating the child's
 * frame (the {@code CoroFrame} constructor, where debug mode's coroutine origin tracking tests
 * its switch), delegating to it and taking its result, without an event loop. Measures what
 * origin tracking costs when it is off (docs/debugging.md).
 *
 * <pre>
 * java -jar benchmarks/target/weft-benchmarks.jar AwaitBenchmark -f 3 -wi 5 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AwaitBenchmark.N)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AwaitBenchmark {
  /** Awaits per invocation. */
  public static final int N = 1_000_000;

  /** One await of a new coroutine that returns without suspending. */
  @Benchmark
  public long awaitReturningChild() {
    try {
      parent(N).send(null);
    } catch (StopIteration stop) {
      return (Long) stop.value();
    }
    throw new IllegalStateException("the parent suspended");
  }

  @Coroutine
  static Coro<Long> parent(int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += await(child(i));
    }
    return done(sum);
  }

  @Coroutine
  static Coro<Integer> child(int i) {
    return done(i);
  }
}
