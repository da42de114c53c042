package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.weft.examples.Stdout;
import org.junit.jupiter.api.Test;

/**
 * On the machine's clock: the loop runs in a thread of its own and the main thread waits for it,
 * so virtual time cannot order the lines. They are one second apart; only the sub thread's task
 * running first (it is scheduled before the main thread's) decides the order within a second.
 */
class ThreadsafeLoopTest {

  @Test
  void theTwoTasksShareTheLoopAndTheMainThreadGetsItsResultThenStopsTheLoopsThread() {
    String printed = Stdout.capture(() -> ThreadsafeLoop.main(new String[0]));
    assertEquals(
        """
        sub thread
        main thread
        sub thread
        main thread
        sub thread
        main thread
        sub thread
        main thread
        sub thread
        main thread
        sub thread
        main done: 5
        """,
        printed);
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("sub thread") && t.isAlive()));
  }
}
