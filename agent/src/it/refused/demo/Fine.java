package demo;

import io.weft.Coroutine;
import io.weft.Generator;

public class Fine {
  @Coroutine
  static Generator<Integer> upTo(int n) {
    for (int i = 1; i <= n; i++) {
      Generator.yield(i);
    }
    return Generator.done();
  }
}
