package com.example.included;

import io.weft.Coroutine;
import io.weft.Generator;

/** Matches the include com/example/** and no exclude: woven. */
public final class Counter {
  private Counter() {}

  @Coroutine
  public static Generator<Integer> upTo(int n) {
    for (int i = 1; i <= n; i++) {
      Generator.yield(i);
    }
    return Generator.done();
  }
}
