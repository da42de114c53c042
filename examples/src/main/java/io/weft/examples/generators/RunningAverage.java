package io.weft.examples.generators;

import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;

/**
 * A generator used as a coroutine: values go in with {@code send}, the running average comes
 * out of each {@code yield}, and the final result comes back through {@code yield from} and
 * {@link StopIteration}. Python's classic averager. Prints:
 *
 * <pre>
 * sent 10.0, average 10.0
 * sent 30.0, average 20.0
 * sent 5.0, average 15.0
 * yield from averager() returned Result[count=3, average=15.0]
 * StopIteration.value() is Result[count=3, average=15.0]
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * Result = namedtuple('Result', 'count average')
 *
 * def averager():
 *     total, count, average = 0.0, 0, None
 *     while True:
 *         term = yield average
 *         if term is None:
 *             break
 *         total += term
 *         count += 1
 *         average = total / count
 *     return Result(count, average)
 *
 * def grouper():
 *     result = yield from averager()
 *     print('yield from averager() returned', result)
 *     return result
 *
 * group = grouper()
 * next(group)
 * for value in [10.0, 30.0, 5.0]:
 *     print(f'sent {value}, average {group.send(value)}')
 * try:
 *     group.send(None)
 * except StopIteration as stop:
 *     print('StopIteration.value is', stop.value)
 * </pre>
 */
public final class RunningAverage {
  private RunningAverage() {}

  /**
   * What {@link #averager()} returns when it ends.
   *
   * @param count how many values it averaged
   * @param average their average; null when there were none
   */
  record Result(int count, Double average) {}

  /**
   * Receives numbers through {@code send} and yields the average so far; sent {@code null},
   * it ends and returns a {@link Result}.
   *
   * @return the generator; prime it with {@code send(null)} before sending numbers
   */
  @Coroutine
  static Generator<Double> averager() {
    double total = 0;
    int count = 0;
    Double average = null;
    while (true) {
      Double term = Generator.yield(average); // Python: term = yield average
      if (term == null) {
        break;
      }
      total += term;
      count++;
      average = total / count;
    }
    return Generator.done(new Result(count, average));
  }

  /**
   * Delegates to {@link #averager()}: every {@code send} passes through to it, every average
   * it yields passes back, and its return value becomes the value of {@code yieldFrom}.
   *
   * @return the generator, which returns the averager's result
   */
  @Coroutine
  static Generator<Double> grouper() {
    Result result = Generator.yieldFrom(averager()); // Python: result = yield from averager()
    System.out.println("yield from averager() returned " + result);
    return Generator.done(result);
  }

  /**
   * Sends 10, 30 and 5, printing each running average, then ends the averager.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Generator<Double> group = grouper();
    group.send(null); // Python: next(group), runs the body to its first yield
    for (double value : new double[] {10.0, 30.0, 5.0}) {
      System.out.println("sent " + value + ", average " + group.send(value));
    }
    try {
      group.send(null); // None ends the averager, and with it the grouper
    } catch (StopIteration stop) {
      System.out.println("StopIteration.value() is " + stop.value());
    }
  }
}
