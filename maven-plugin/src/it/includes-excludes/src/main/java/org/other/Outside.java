package org.other;

import io.weft.Coroutine;
import io.weft.Generator;

/** Outside the include com/example/**: left unwoven. */
public final class Outside {
  private Outside() {}

  @Coroutine
  public static Generator<String> items() {
    Generator.yield("outside");
    return Generator.done();
  }
}
