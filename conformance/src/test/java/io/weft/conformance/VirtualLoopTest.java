package io.weft.conformance;

import io.weft.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that drive one loop by hand: a fresh virtual-time loop per test ({@link
 * Loops#virtual()}), closed after it. CPython's {@code test_utils.TestCase.new_test_loop}.
 */
abstract class VirtualLoopTest {
  /** The test's loop. */
  EventLoop loop;

  @BeforeEach
  void newLoop() {
    loop = Loops.virtual();
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** Runs the ready callbacks once: CPython's {@code test_utils.run_briefly}. */
  static void runBriefly(EventLoop loop) {
    loop.callSoon(loop::stop);
    loop.runForever();
  }
}
