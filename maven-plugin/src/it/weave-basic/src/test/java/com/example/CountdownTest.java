package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Coroutine;
import io.weft.Generator;
import io.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountdownTest {

  @Test
  void countdownYieldsThreeTwoOne() {
    List<Integer> seen = new ArrayList<>();
    for (int i : Countdown.countdown(3)) {
      seen.add(i);
    }
    assertEquals(List.of(3, 2, 1), seen);
  }

  @Test
  void sendResumesTheBodyAndStopIterationCarriesTheReturnValue() {
    Generator<String> echo = Countdown.echo();
    assertEquals("ready", echo.send(null));
    assertEquals("echo a", echo.send("a"));
    assertEquals("echo b", echo.send("b"));
    StopIteration stop = assertThrows(StopIteration.class, () -> echo.send(null));
    assertEquals(2, stop.value());
  }

  /** Woven by the goal weave-tests. */
  @Coroutine
  static Generator<String> letters() {
    Generator.yield("a");
    Generator.yield("b");
    return Generator.done("end");
  }

  @Test
  void coroutinesInTestSourcesAreWovenByWeaveTests() {
    Generator<String> letters = letters();
    assertEquals("a", letters.next());
    assertEquals("b", letters.next());
    StopIteration stop = assertThrows(StopIteration.class, () -> letters.send(null));
    assertEquals("end", stop.value());
  }
}
