package io.weft.examples.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

class CountdownTest {

  @Test
  void printsThreeTwoOne() {
    assertEquals("3\n2\n1\n", Stdout.capture(() -> Countdown.main(new String[0])));
  }
}
