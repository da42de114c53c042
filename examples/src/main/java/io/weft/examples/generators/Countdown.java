package io.weft.examples.generators;

import io.weft.Coroutine;
import io.weft.Generator;

/**
 * The generator of the design brief: {@code countdown(3)} yields 3, 2 and 1. Prints:
 *
 * <pre>
 * 3
 * 2
 * 1
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * def countdown(n):
 *     while n &gt; 0:
 *         yield n
 *         n -= 1
 *
 * for i in countdown(3):
 *     print(i)
 * </pre>
 */
public final class Countdown {
  private Countdown() {}

  /**
   * Yields {@code n}, {@code n - 1}, ..., 1. Calling it runs nothing: the body runs as the
   * generator is iterated, one {@code yield} at a time.
   *
   * @param n where to start counting down
   * @return the generator
   */
  @Coroutine
  static Generator<Integer> countdown(int n) {
    while (n > 0) Generator.yield(n--); // Python: yield n; n -= 1
    return Generator.done();
  }

  /**
   * Prints the countdown from 3.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (int i : countdown(3)) {
      System.out.println(i);
    }
  }
}
