package demo;

import io.weft.Coroutine;
import io.weft.Generator;

/** Never loaded as compiled: the test rewrites its version to 99, or cuts it, for {@link Noise}. */
public class Future {
  @Coroutine
  static Generator<String> later() {
    Generator.yield("from the future");
    return Generator.done();
  }
}
