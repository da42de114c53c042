package com.example;

import io.weft.Coroutine;
import io.weft.Generator;

public final class Ticker {
  private Ticker() {}

  @Coroutine
  public static Generator<String> ticks(int n) {
    for (int i = 1; i <= n; i++) {
      Generator.yield("tick " + i);
    }
    return Generator.done(n);
  }
}
