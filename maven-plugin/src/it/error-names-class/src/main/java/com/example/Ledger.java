package com.example;

import io.weft.Coroutine;
import io.weft.Generator;

public final class Ledger {
  private int balance = 10;

  @Coroutine
  public Generator<Integer> drain() {
    while (balance > 0) {
      synchronized (this) {
        Generator.yield(balance--);
      }
    }
    return Generator.done();
  }
}
