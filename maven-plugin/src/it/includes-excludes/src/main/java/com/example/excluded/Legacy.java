package com.example.excluded;

import io.weft.Coroutine;
import io.weft.Generator;

/** Matches the exclude com/example/excluded/**: left unwoven. */
public final class Legacy {
  private Legacy() {}

  @Coroutine
  public static Generator<String> items() {
    Generator.yield("legacy");
    return Generator.done();
  }
}
