package io.weft.examples.generators;

import io.weft.Coroutine;
import io.weft.Generator;
import java.util.Iterator;
import java.util.StringJoiner;

/**
 * An infinite generator, and a second generator that takes its first values: Python's {@code
 * itertools.islice}. Prints:
 *
 * <pre>
 * 0 1 1 2 3 5 8 13 21 34
 * </pre>
 *
 * <p>The Python it mirrors:
 *
 * <pre>
 * def fibonacci():
 *     a, b = 0, 1
 *     while True:
 *         yield a
 *         a, b = b, a + b
 *
 * print(*islice(fibonacci(), 10))
 * </pre>
 */
public final class Fibonacci {
  private Fibonacci() {}

  /**
   * Yields the Fibonacci numbers, forever. Each value is computed only when the consumer asks
   * for it, so the endless loop is harmless.
   *
   * @return the generator
   */
  @Coroutine
  static Generator<Long> fibonacci() {
    long a = 0;
    long b = 1;
    while (true) {
      Generator.yield(a);
      long next = a + b; // Python: a, b = b, a + b
      a = b;
      b = next;
    }
  }

  /**
   * Yields the first {@code stop} values of {@code source}: Python's {@code islice(source,
   * stop)}.
   *
   * @param source the values; a generator, or any other iterator
   * @param stop how many values to take
   * @param <T> the type of the values
   * @return the generator
   */
  @Coroutine
  static <T> Generator<T> islice(Iterator<T> source, int stop) {
    for (int i = 0; i < stop && source.hasNext(); i++) {
      Generator.yield(source.next());
    }
    return Generator.done();
  }

  /**
   * Prints the first 10 Fibonacci numbers on one line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // close() ends the infinite generator where it stands: Python does it when the
    // generator is garbage collected, Java says it with try-with-resources.
    try (Generator<Long> numbers = fibonacci()) {
      StringJoiner line = new StringJoiner(" ");
      for (long n : islice(numbers, 10)) {
        line.add(Long.toString(n));
      }
      System.out.println(line);
    }
  }
}
