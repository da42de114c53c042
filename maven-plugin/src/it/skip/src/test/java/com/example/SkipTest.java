package com.example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkipTest {

  @Test
  void withWeftSkipTheClassesStayUnwoven() {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> Countdown.countdown(3).next());
    assertTrue(error.getMessage().contains("not woven"), error.getMessage());
  }
}
