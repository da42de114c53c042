package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Clock;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final List<String> log = new ArrayList<>();

  @Coroutine
  static Coro<Integer> compute(int x, int y) {
    log.add("compute " + x + "+" + y);
    await(sleep(1.0));
    return done(x + y);
  }

  @Coroutine
  static Coro<Integer> main() {
    Task<Integer> a = createTask(compute(1, 2));
    Task<Integer> b = createTask(compute(3, 4));
    int r = await(a) + await(b);
    log.add("t=" + getRunningLoop().time());
    return done(r);
  }

  @Test
  void runsTwoTasks() {
    log.clear();
    int r = run(main(), false, () -> new EventLoop(Clock.virtual()));
    assertEquals(10, r);
    assertEquals(List.of("compute 1+2", "compute 3+4", "t=1.0"), log);
  }
}
