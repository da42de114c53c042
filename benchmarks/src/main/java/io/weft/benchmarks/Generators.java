package io.weft.benchmarks;

import io.weft.Coroutine;
import io.weft.Generator;

/**
 * The woven side of the benchmarks: {@code @Coroutine} generators, rewritten into state machines
 * by weft-maven-plugin when this module is built. Each has a hand-written twin ({@link HandRange},
 * {@link HandSummer}, {@link HandHolding}) doing the same work, measured in the same run.
 */
final class Generators {
  private Generators() {}

  /**
   * Yields 0, 1, ..., n - 1, each boxed. Python: {@code def rng(n): for i in range(n): yield i}.
   * The W4 producer.
   */
  @Coroutine
  static Generator<Integer> range(int n) {
    for (int i = 0; i < n; i++) {
      Generator.yield(i);
    }
    return Generator.done();
  }

  /**
   * Receives ints through {@code send} and adds them up; {@code send(null)} ends it with the
   * total as the return value ({@code StopIteration.value()}). Yields null each time.
   */
  @Coroutine
  static Generator<Object> summer() {
    long total = 0;
    for (; ; ) {
      Integer x = Generator.yield(null);
      if (x == null) {
        return Generator.done(total);
      }
      total += x;
    }
  }

  /**
   * Suspends at its first yield with one int ({@code n}) and one reference ({@code ref}) live:
   * the frame whose retained size {@link FrameFootprint} measures.
   */
  @Coroutine
  static Generator<Object> holding(int n, Object ref) {
    Generator.yield(null);
    Generator.yield(ref);
    return Generator.done(n);
  }

  // Three more shapes, only run to make the profile of the shared trampoline polymorphic, as it
  // is in a program with many generators (see GeneratorBenchmark.forEach_wovenPolluted).

  @Coroutine
  static Generator<Integer> evens(int n) {
    for (int i = 0; i < n; i += 2) {
      Generator.yield(i);
    }
    return Generator.done();
  }

  @Coroutine
  static Generator<Integer> countdown(int n) {
    while (n > 0) {
      Generator.yield(n--);
    }
    return Generator.done();
  }

  @Coroutine
  static Generator<Integer> squares(int n) {
    for (int i = 0; i < n; i++) {
      Generator.yield(i * i);
    }
    return Generator.done();
  }
}
