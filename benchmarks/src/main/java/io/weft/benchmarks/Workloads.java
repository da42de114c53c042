package io.weft.benchmarks;

import io.weft.Generator;
import io.weft.StopIteration;
import java.util.Iterator;

/**
 * The W4 loops, woven and hand-written side by side. {@link GeneratorBenchmark} measures them;
 * the sanity test checks they compute the same sums, so a benchmark never times a broken thing.
 */
final class Workloads {
  private Workloads() {}

  /** W4 as written: {@code for (Integer x : gen)} over the woven generator. */
  static long forEachWoven(int n) {
    long sum = 0;
    for (Integer x : Generators.range(n)) {
      sum += x;
    }
    return sum;
  }

  /** W4 baseline: the same for-each over the hand-written {@code Iterator<Integer>}. */
  static long forEachHand(int n) {
    long sum = 0;
    for (Integer x : new HandRange(n)) {
      sum += x;
    }
    return sum;
  }

  /** The same explicit loop over any iterator: hasNext, next. */
  static long hasNextNext(Iterator<Integer> it) {
    long sum = 0;
    while (it.hasNext()) {
      sum += it.next();
    }
    return sum;
  }

  /** W4 driven by {@code send(null)} until StopIteration, Python's {@code next(gen)} loop. */
  static long sendNextWoven(int n) {
    Generator<Integer> g = Generators.range(n);
    long sum = 0;
    try {
      for (; ; ) {
        sum += g.send(null);
      }
    } catch (StopIteration end) {
      return sum;
    }
  }

  /** Baseline: the same loop over the hand-written twin's send. */
  static long sendNextHand(int n) {
    HandRange g = new HandRange(n);
    long sum = 0;
    try {
      for (; ; ) {
        sum += g.send(null);
      }
    } catch (StopIteration end) {
      return sum;
    }
  }

  /** The other direction: 0..n-1 sent into the woven summer, which returns their sum. */
  static long sendInWoven(int n) {
    Generator<Object> g = Generators.summer();
    g.send(null);
    for (int i = 0; i < n; i++) {
      g.send(i);
    }
    try {
      g.send(null);
    } catch (StopIteration end) {
      return (Long) end.value();
    }
    throw new AssertionError("summer did not finish");
  }

  /** Baseline: the same sends into the hand-written summer. */
  static long sendInHand(int n) {
    HandSummer g = new HandSummer();
    g.send(null);
    for (int i = 0; i < n; i++) {
      g.send(i);
    }
    try {
      g.send(null);
    } catch (StopIteration end) {
      return (Long) end.value();
    }
    throw new AssertionError("summer did not finish");
  }

  /**
   * Runs four other generator classes through the shared runtime paths (the trampoline's call to
   * {@code resume()}, {@code hasNext()}, {@code next()}), as a program with many generators does.
   */
  static long pollute(int n) {
    long sum = 0;
    for (int round = 0; round < 20; round++) {
      sum += hasNextNext(Generators.evens(n));
      sum += hasNextNext(Generators.countdown(n));
      sum += hasNextNext(Generators.squares(n));
      for (Object x : Generators.holding(round, "x")) {
        sum += x == null ? 0 : 1;
      }
    }
    return sum;
  }
}
