package com.example;

import io.weft.Coroutine;
import io.weft.Generator;
import java.util.List;

public final class Feed {
  private final Object lock = new Object();
  private final List<String> entries = List.of("a", "b");

  @Coroutine
  public Generator<String> items() {
    synchronized (lock) {
      for (String entry : entries) {
        Generator.yield(entry);
      }
    }
    return Generator.done();
  }
}
