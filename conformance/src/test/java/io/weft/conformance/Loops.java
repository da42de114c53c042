package io.weft.conformance;

import io.weft.Clock;
import io.weft.EventLoop;

/**
 * Loop helpers shared by the conformance tests: CPython's {@code test_utils.run_briefly} and a
 * virtual-time loop (CPython's {@code TestLoop}).
 */
final class Loops {
  private Loops() {}

  /** A new loop on virtual time: when idle it jumps to the next timer instead of sleeping. */
  static EventLoop virtual() {
    return new EventLoop(Clock.virtual());
  }

  /**
   * Runs exactly one loop pass: the callbacks ready now (and timers due now). CPython's {@code
   * test_utils.run_briefly}. A loop stopped before it runs runs one pass.
   */
  static void runBriefly(EventLoop loop) {
    loop.stop();
    loop.runForever();
  }

  /** Runs {@code passes} loop passes. */
  static void runPasses(EventLoop loop, int passes) {
    for (int i = 0; i < passes; i++) {
      runBriefly(loop);
    }
  }
}
