package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.excluded.Legacy;
import com.example.included.Counter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.other.Outside;

class SelectionTest {

  @Test
  void anIncludedClassIsWoven() {
    List<Integer> seen = new ArrayList<>();
    for (int i : Counter.upTo(3)) {
      seen.add(i);
    }
    assertEquals(List.of(1, 2, 3), seen);
  }

  @Test
  void anExcludedClassIsNotWoven() {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> Legacy.items().next());
    assertTrue(error.getMessage().contains("not woven"), error.getMessage());
    assertTrue(error.getMessage().contains("com.example.excluded.Legacy.items"), error.getMessage());
  }

  @Test
  void aClassNotIncludedIsNotWoven() {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> Outside.items().next());
    assertTrue(error.getMessage().contains("not woven"), error.getMessage());
    assertTrue(error.getMessage().contains("org.other.Outside.items"), error.getMessage());
  }
}
