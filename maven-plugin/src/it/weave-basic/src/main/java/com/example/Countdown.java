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

  /** Answers each value sent with an echo; sent null, returns how many it echoed. */
  @Coroutine
  public static Generator<String> echo() {
    int count = 0;
    String received = Generator.yield("ready");
    while (received != null) {
      count++;
      received = Generator.yield("echo " + received);
    }
    return Generator.done(count);
  }
}
