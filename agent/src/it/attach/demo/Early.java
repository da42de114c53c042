package demo;

import io.weft.Coroutine;
import io.weft.Generator;

public class Early {
  @Coroutine
  static Generator<Integer> countdown(int n) {
    while (n > 0) {
      Generator.yield(n--);
    }
    return Generator.done();
  }
}
