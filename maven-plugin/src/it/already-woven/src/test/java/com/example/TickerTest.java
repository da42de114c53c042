package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Generator;
import io.weft.StopIteration;
import org.junit.jupiter.api.Test;

class TickerTest {

  @Test
  void theClassWovenTwiceBehavesAsWovenOnce() {
    Generator<String> ticks = Ticker.ticks(2);
    assertEquals("tick 1", ticks.next());
    assertEquals("tick 2", ticks.next());
    StopIteration stop = assertThrows(StopIteration.class, () -> ticks.send(null));
    assertEquals(2, stop.value());
  }
}
