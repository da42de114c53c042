package io.weft.junit;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link CoroutineTest} inside Jupiter's lifecycle: {@code @BeforeEach} runs before the
 * coroutine and {@code @AfterEach} after it, and an {@code EventLoop} parameter is the same loop
 * in all three.
 */
class LifecycleTest {
  private final List<String> log = new ArrayList<>();
  private EventLoop fromBeforeEach;

  @BeforeEach
  void setUp(EventLoop loop) {
    assertFalse(loop.isRunning(), "the loop runs only while the coroutine does");
    fromBeforeEach = loop;
    log.add("before");
  }

  @CoroutineTest
  @Coroutine
  Coro<Void> theCoroutineRunsBetweenBeforeEachAndAfterEachOnTheSameLoop(EventLoop loop) {
    assertSame(fromBeforeEach, loop);
    assertSame(loop, getRunningLoop());
    await(sleep(1));
    log.add("test");
    return done();
  }

  @AfterEach
  void tearDown(EventLoop loop) {
    assertSame(fromBeforeEach, loop);
    assertTrue(loop.isClosed(), "closed once the test's checks ran");
    assertEquals(List.of("before", "test"), log);
  }
}
