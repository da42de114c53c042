package com.example;

import io.weft.Coroutine;
import io.weft.Generator;

public final class Countdown {
  private Countdown() {}

  @Coroutine
  public static Generator<Integer> countdown(int n) {
    while (n > 0) Generator.yield(n--);
    return Generator.done();
  }
}
