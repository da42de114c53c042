package io.weft.tools;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pstree's tree and cycle detection on fixed snapshots, translated from CPython 3.14's {@code
 * Lib/test/test_asyncio/test_tools.py} ({@code TEST_INPUTS_TREE}, {@code
 * TEST_INPUTS_CYCLES_TREE}); each test names the case it mirrors.
 */
class TaskTreeTest {
  static Snapshot.Task task(long id, String name, Snapshot.Awaiter... awaitedBy) {
    return new Snapshot.Task(id, name, "pending", List.of(), List.of(awaitedBy));
  }

  static Snapshot.Awaiter by(long id, String... stack) {
    return new Snapshot.Awaiter(id, "?", List.of(stack));
  }

  static List<Snapshot.Loop> loops(Snapshot.Task... tasks) {
    return List.of(new Snapshot.Loop("main", true, List.of(tasks)));
  }

  private static final String[] AWAITER = {
      "awaiter3 /path/to/app.py:130", "awaiter2 /path/to/app.py:120", "awaiter /path/to/app.py:110"};
  private static final String[] AWAITER_B = {
      "awaiterB3 /path/to/app.py:190", "awaiterB2 /path/to/app.py:180",
      "awaiterB /path/to/app.py:170"};
  private static final String[] GROUP = {"_aexit", "__aexit__", "blocho_caller", "bloch"};

  /**
   * test_tools.py TEST_INPUTS_TREE[0]: a task "timer" awaited in two subtasks of two TaskGroups
   * (root1, root2) through awaiter functions; a task awaited twice appears under each awaiter.
   */
  @Test
  void timerAwaitedInTwoGroups() throws Exception {
    List<String> trees = TaskTree.build(loops(
        task(2, "Task-1"),
        task(3, "timer", by(4, AWAITER), by(5, AWAITER_B), by(6, AWAITER_B), by(7, AWAITER)),
        task(8, "root1", by(2, "_aexit", "__aexit__", "main")),
        task(9, "root2", by(2, "_aexit", "__aexit__", "main")),
        task(4, "child1_1", by(8, GROUP)),
        task(6, "child2_1", by(8, GROUP)),
        task(7, "child1_2", by(9, GROUP)),
        task(5, "child2_2", by(9, GROUP))));
    assertEquals(List.of(String.join("\n",
        "└── (T) Task-1",
        "    └──  main",
        "        └──  __aexit__",
        "            └──  _aexit",
        "                ├── (T) root1",
        "                │   └──  bloch",
        "                │       └──  blocho_caller",
        "                │           └──  __aexit__",
        "                │               └──  _aexit",
        "                │                   ├── (T) child1_1",
        "                │                   │   └──  awaiter /path/to/app.py:110",
        "                │                   │       └──  awaiter2 /path/to/app.py:120",
        "                │                   │           └──  awaiter3 /path/to/app.py:130",
        "                │                   │               └── (T) timer",
        "                │                   └── (T) child2_1",
        "                │                       └──  awaiterB /path/to/app.py:170",
        "                │                           └──  awaiterB2 /path/to/app.py:180",
        "                │                               └──  awaiterB3 /path/to/app.py:190",
        "                │                                   └── (T) timer",
        "                └── (T) root2",
        "                    └──  bloch",
        "                        └──  blocho_caller",
        "                            └──  __aexit__",
        "                                └──  _aexit",
        "                                    ├── (T) child1_2",
        "                                    │   └──  awaiter /path/to/app.py:110",
        "                                    │       └──  awaiter2 /path/to/app.py:120",
        "                                    │           └──  awaiter3 /path/to/app.py:130",
        "                                    │               └── (T) timer",
        "                                    └── (T) child2_2",
        "                                        └──  awaiterB /path/to/app.py:170",
        "                                            └──  awaiterB2 /path/to/app.py:180",
        "                                                └──  awaiterB3 /path/to/app.py:190",
        "                                                    └── (T) timer")), trees);
  }

  /** test_tools.py TEST_INPUTS_TREE[1]: two loops (threads), a root in each. */
  @Test
  void twoRoots() throws Exception {
    List<String> trees = TaskTree.build(List.of(
        new Snapshot.Loop("t9", true, List.of(task(5, "Task-5"), task(6, "Task-6", by(5, "main2")),
            task(7, "Task-7", by(5, "main2")), task(8, "Task-8", by(5, "main2")))),
        new Snapshot.Loop("t10", true, List.of(task(1, "Task-1"),
            task(2, "Task-2", by(1, "main")), task(3, "Task-3", by(1, "main")),
            task(4, "Task-4", by(1, "main")))),
        new Snapshot.Loop("", true, List.of())));
    assertEquals(List.of(
        String.join("\n", "└── (T) Task-5", "    └──  main2", "        ├── (T) Task-6",
            "        ├── (T) Task-7", "        └── (T) Task-8"),
        String.join("\n", "└── (T) Task-1", "    └──  main", "        ├── (T) Task-2",
            "        ├── (T) Task-3", "        └── (T) Task-4")), trees);
  }

  /** test_tools.py TEST_INPUTS_TREE[2]: two roots, one without subtasks. */
  @Test
  void twoRootsOneAlone() throws Exception {
    List<String> trees = TaskTree.build(List.of(
        new Snapshot.Loop("t1", true, List.of(task(2, "Task-5"))),
        new Snapshot.Loop("t3", true, List.of(task(4, "Task-1"), task(5, "Task-2", by(4, "main")),
            task(6, "Task-3", by(4, "main")), task(7, "Task-4", by(4, "main"))))));
    assertEquals(List.of("└── (T) Task-5",
        String.join("\n", "└── (T) Task-1", "    └──  main", "        ├── (T) Task-2",
            "        ├── (T) Task-3", "        └── (T) Task-4")), trees);
  }

  /** A task awaiting nothing shows its own frames, outermost first. */
  @Test
  void leafTaskShowsItsOwnStack() throws Exception {
    List<String> trees = TaskTree.build(loops(
        new Snapshot.Task(1, "main", "pending", List.of("M.main M.java:5"), List.of()),
        new Snapshot.Task(2, "worker", "pending", List.of("W.fetch W.java:30", "W.run W.java:12"),
            List.of(by(1, "M.main M.java:5")))));
    assertEquals(List.of(String.join("\n",
        "└── (T) main",
        "    └──  M.main M.java:5",
        "        └── (T) worker",
        "            └──  W.run W.java:12",
        "                └──  W.fetch W.java:30")), trees);
  }

  /** test_tools.py TEST_INPUTS_CYCLES_TREE[0]: two tasks awaiting each other. */
  @Test
  void cycleOfTwo() {
    TaskTree.CycleFound e = assertThrows(TaskTree.CycleFound.class, () -> TaskTree.build(loops(
        task(2, "Task-1"),
        task(3, "a", by(4, "awaiter2"), by(2, "main")),
        task(4, "b", by(3, "awaiter")))));
    assertEquals(List.of(List.of(4L, 3L, 4L)), e.cycles);
    assertEquals("ERROR: await-graph contains cycles - cannot print a tree!\n\n"
        + "cycle: b → a → b\n", e.report());
  }

  /** test_tools.py TEST_INPUTS_CYCLES_TREE[1]: two cycles through one task. */
  @Test
  void twoCycles() {
    TaskTree.CycleFound e = assertThrows(TaskTree.CycleFound.class, () -> TaskTree.build(loops(
        task(2, "Task-1"),
        task(3, "A", by(4, "nested", "nested", "task_b")),
        task(4, "B", by(5, "nested", "nested", "task_c"), by(3, "nested", "nested", "task_a")),
        task(5, "C", by(6, "nested", "nested")),
        task(6, "Task-2", by(4, "nested", "nested", "task_b")))));
    assertEquals(List.of(List.of(4L, 3L, 4L), List.of(4L, 6L, 5L, 4L)), e.cycles);
  }
}
