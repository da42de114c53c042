package io.weft.tools;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * ps's table on fixed snapshots, translated from CPython 3.14's {@code
 * Lib/test/test_asyncio/test_tools.py} ({@code TEST_INPUTS_TABLE}).
 */
class TaskTableTest {
  /**
   * test_tools.py TEST_INPUTS_TABLE[1]: two loops; a task awaited by nobody has empty awaiter
   * columns and awaiter id 0x0.
   */
  @Test
  void twoRootsRows() {
    List<Snapshot.Loop> loops = List.of(
        new Snapshot.Loop("t9", true, List.of(TaskTreeTest.task(5, "Task-5"),
            TaskTreeTest.task(6, "Task-6", TaskTreeTest.by(5, "main2")))),
        new Snapshot.Loop("t10", true, List.of(TaskTreeTest.task(1, "Task-1"),
            TaskTreeTest.task(2, "Task-2", TaskTreeTest.by(1, "main")))));
    List<List<String>> rows = TaskTable.rows(loops).stream().map(List::of)
        .collect(Collectors.toList());
    assertEquals(List.of(
        List.of("t9", "0x5", "Task-5", "", "", "", "0x0"),
        List.of("t9", "0x6", "Task-6", "", "main2", "?", "0x5"),
        List.of("t10", "0x1", "Task-1", "", "", "", "0x0"),
        List.of("t10", "0x2", "Task-2", "", "main", "?", "0x1")), rows);
  }

  /** Stacks show method names, innermost first; each awaiter is a row; an idle loop says so. */
  @Test
  void stacksAndAwaiters() {
    List<Snapshot.Loop> loops = List.of(new Snapshot.Loop("", true, List.of(
        new Snapshot.Task(0x10, "worker", "pending", List.of("W.fetch W.java:30", "W.run W.java:12"),
            List.of(new Snapshot.Awaiter(0x20, "boss", List.of("B.wait B.java:3", "B.main B.java:9")),
                new Snapshot.Awaiter(0x30, "other", List.of("O.run O.java:1")))))));
    assertEquals(List.of(
        List.of("(idle)", "0x10", "worker", "W.fetch -> W.run", "B.wait -> B.main", "boss", "0x20"),
        List.of("(idle)", "0x10", "worker", "W.fetch -> W.run", "O.run", "other", "0x30")),
        TaskTable.rows(loops).stream().map(List::of).collect(Collectors.toList()));
  }

  /** The text: Python's column widths, a rule, no trailing spaces. */
  @Test
  void renderedText() {
    String text = TaskTable.render(List.<String[]>of(
        new String[] {"main", "0x1", "Task-1", "M.main", "", "", "0x0"}));
    assertEquals(String.format("%-15s %-20s %-20s %-50s %-50s %-15s %s%n",
        "thread", "task id", "task name", "coroutine stack", "awaiter chain", "awaiter name",
        "awaiter id")
        + "-".repeat(191) + "\n"
        + String.format("%-15s %-20s %-20s %-50s %-50s %-15s %s%n",
            "main", "0x1", "Task-1", "M.main", "", "", "0x0"), text);
  }
}
