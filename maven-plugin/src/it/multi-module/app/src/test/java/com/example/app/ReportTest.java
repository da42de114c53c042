package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.Generator;
import io.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void aWovenModuleUsesTheClassesAndGeneratorsOfAnotherWovenModule() {
    Generator<String> lines = Report.lines(new boolean[] {true, false});
    List<String> seen = new ArrayList<>();
    StopIteration stop = assertThrows(StopIteration.class, () -> {
      while (true) {
        seen.add(lines.send(null));
      }
    });
    assertEquals(
        List.of(
            "square 2.0", "area 4.0", "rectangle 2.0x3.0", "area 6.0",
            "square 1.0", "square 2.0"),
        seen);
    assertEquals(4, stop.value());
  }
}
