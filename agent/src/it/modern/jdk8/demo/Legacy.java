package demo;

import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * Compiled with {@code --release 8} (class-file version 52): string concatenation through {@code
 * StringBuilder}, {@code long} and {@code double} locals across suspensions, a {@code long} left
 * on the operand stack by a suspension, and a coroutine in an anonymous class capturing a local.
 */
public class Legacy {
  interface Source {
    Generator<String> words();
  }

  @Coroutine
  static Generator<String> fibonacci(int count) {
    long previous = 0;
    long current = 1;
    double ratio = 0;
    for (int i = 0; i < count; i++) {
      Generator.yield("fib " + current + " ratio " + String.format(Locale.ROOT, "%.3f", ratio));
      long next = previous + current;
      ratio = (double) next / current;
      previous = current;
      current = next;
    }
    return Generator.done();
  }

  @Coroutine
  static Generator<String> adder() {
    long sum = 0;
    for (int i = 0; i < 3; i++) {
      sum = sum + Generator.<Long>yield("sum " + sum); // sum is on the operand stack at the yield
    }
    return Generator.done(sum);
  }

  static void demo() {
    for (String line : fibonacci(6)) {
      System.out.println(line);
    }
    final String tag = "legacy";
    Source source =
        new Source() {
          @Coroutine
          @Override
          public Generator<String> words() {
            Iterator<String> it = Arrays.asList("alpha", "beta").iterator();
            int n = 0;
            while (it.hasNext()) {
              String word = it.next();
              Generator.yield(++n + ":" + word + " (" + tag + ")");
            }
            return Generator.done(n);
          }
        };
    for (String line : source.words()) {
      System.out.println(line);
    }
    Generator<String> adder = adder();
    System.out.println(adder.send(null));
    System.out.println(adder.send(10L));
    System.out.println(adder.send(20L));
    try {
      adder.send(30L);
    } catch (StopIteration stop) {
      System.out.println("total " + stop.value());
    }
  }
}
