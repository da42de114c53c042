package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

/**
 * The run nobody interrupts. Ctrl-C is tested on the jar, in a JVM of its own: {@code
 * ExamplesJarIT.interruptCancelsTheTasksLeftOnCtrlC}.
 */
class InterruptTest {

  @Test
  void leftAloneTheThreeTasksSleepTogetherAndTheProgramTakesTwoSeconds() {
    String printed = Stdout.capture(() -> Interrupt.run(() -> new EventLoop(Clock.virtual())));
    assertEquals(
        """
        this is a test for async
        this is a test for async
        this is a test for async
        test again
        test again
        test again
        elapsed: 2.00 s
        """,
        printed);
  }
}
