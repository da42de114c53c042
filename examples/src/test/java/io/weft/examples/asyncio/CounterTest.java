package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.Asyncio;
import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.examples.Stdout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterTest {

  @Test
  void withoutAnAwaitTheCounterEndsAtZeroWithOneItEndsWithTheLastWritersCount() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> Counter.run(loop));
    assertEquals(
        List.of("t=0.0 0", "t=0.0 with an await between read and write: -1000"), lines);
  }

  @Test
  void incRunsItsMillionStepsBeforeDecStarts() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<Integer> seenAtStart = new ArrayList<>();
    Counter.counter = 0;
    loop.runUntilComplete(
        Asyncio.wait(
            List.of(
                loop.createTask(observed(seenAtStart, Counter.inc())),
                loop.createTask(observed(seenAtStart, Counter.dec())))));
    loop.close();
    assertEquals(List.of(0, Counter.STEPS), seenAtStart, "dec starts where inc ended");
    assertEquals(0, Counter.counter);
  }

  /** Records the counter as {@code body} starts, then runs it. */
  @Coroutine
  private static Coro<Void> observed(List<Integer> seenAtStart, Coro<Void> body) {
    seenAtStart.add(Counter.counter);
    await(body);
    return done();
  }
}
