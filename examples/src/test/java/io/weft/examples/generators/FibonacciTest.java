package io.weft.examples.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

class FibonacciTest {

  @Test
  void printsTheFirstTenFibonacciNumbers() {
    assertEquals(
        "0 1 1 2 3 5 8 13 21 34\n", Stdout.capture(() -> Fibonacci.main(new String[0])));
  }
}
