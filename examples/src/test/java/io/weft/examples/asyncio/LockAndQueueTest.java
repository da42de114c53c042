package io.weft.examples.asyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.CancelledError;
import io.weft.Clock;
import io.weft.EventLoop;
import io.weft.Task;
import io.weft.examples.Stdout;
import io.weft.sync.Lock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On a virtual clock: each fetch is a one-second sleep. */
class LockAndQueueTest {
  private static final String PAGE = "<html>http://www.baidu.com</html>";

  @Test
  void thePageGoesThroughTheQueueAndThreeAsksAtOnceMakeOneFetch() {
    EventLoop loop = new EventLoop(Clock.virtual());
    List<String> lines = Stdout.captureTimed(loop, () -> LockAndQueue.run(loop));
    assertEquals(
        List.of(
            "t=1.0 fetched from the network ==> " + PAGE,
            "t=1.0 taken from the queue ==> " + PAGE,
            // parse_html's result is the queue: empty again, one task not marked done
            "t=1.0 <Queue maxsize=0 tasks=1>",
            "t=1.0 " + PAGE,
            // one fetch: the second and third wait on the lock, then hit the cache
            "t=2.0 three tasks asked for http://www.python.org at once: 1 fetch, 1.0 s"),
        lines);
  }

  @Test
  void theLockIsReleasedWhenTheTaskHoldingItIsCancelledMidFetch() {
    EventLoop loop = new EventLoop(Clock.virtual());
    LockAndQueue.lock = new Lock();
    LockAndQueue.cache.clear();
    Task<String> first = loop.createTask(LockAndQueue.getHtml("http://a"));
    Task<String> second = loop.createTask(LockAndQueue.getHtml("http://a"));
    loop.callLater(0.5, first::cancel); // inside the first one's fetch, holding the lock
    try {
      loop.runUntilComplete(first);
    } catch (CancelledError expected) {
      // the first task ends cancelled
    }
    assertTrue(first.cancelled());
    assertFalse(LockAndQueue.cache.containsKey("http://a"), "the cancelled fetch stored nothing");
    assertEquals("<html>http://a</html>", loop.runUntilComplete(second), "the second one fetched");
    assertFalse(LockAndQueue.lock.locked());
    loop.close();
  }
}
