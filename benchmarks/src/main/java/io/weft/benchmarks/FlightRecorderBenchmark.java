package io.weft.benchmarks;

import io.weft.EventLoop;
import io.weft.Task;
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
 * What the Flight Recorder hooks cost when no recording enables them: the same task work with
 * the hooks in ({@code hooksIn}, the default) and compiled out ({@code hooksOut}, {@code
 * -Dweft.jfr=false}), in the same run. {@code spawn}: create a task that sleeps 0 once and ends,
 * 10,000 per invocation (TaskCreated, TaskDone, a loop pass each); {@code switch}: W2's two tasks
 * passing a token (a pass per switch).
 *
 * <pre>
 * java -jar benchmarks/target/weft-benchmarks.jar FlightRecorderBenchmark -f 3 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FlightRecorderBenchmark {
  static final int TASKS = 10_000;
  static final int ROUNDS = 100_000;
  private static final String OUT = "-Dweft.jfr=false";

  static int spawn() {
    try (EventLoop loop = new EventLoop()) {
      Task<?> last = null;
      for (int i = 0; i < TASKS; i++) {
        last = loop.createTask(Tasks.sleeper(0));
      }
      loop.runUntilComplete(last);
      return loop.isRunning() ? 0 : 1;
    }
  }

  /** Task create, one step, sleep(0), done: hooks in. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int spawnHooksIn() {
    return spawn();
  }

  /** The same with the hooks compiled out. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", OUT})
  public int spawnHooksOut() {
    return spawn();
  }

  /** W2's switch: hooks in. */
  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  public int switchHooksIn() {
    return Tasks.pingPongWeft(ROUNDS);
  }

  /** W2's switch with the hooks compiled out. */
  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", OUT})
  public int switchHooksOut() {
    return Tasks.pingPongWeft(ROUNDS);
  }
}
