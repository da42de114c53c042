package com.example.shapes;

import io.weft.Coroutine;
import io.weft.Generator;

public final class Shapes {
  private Shapes() {}

  /** Yields the names of the squares of side 1..n; returns n. */
  @Coroutine
  public static Generator<String> squareNames(int n) {
    for (int i = 1; i <= n; i++) {
      Generator.yield(new Square(i).name());
    }
    return Generator.done(n);
  }
}
