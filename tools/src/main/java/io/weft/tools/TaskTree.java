package io.weft.tools;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pstree}: the tasks as trees, each task under the coroutine frames of the tasks awaiting
 * it, a task awaiting nothing over its own frames. Python 3.14's {@code
 * asyncio.tools.build_async_tree}: the same nodes, order and drawing.
 *
 * <pre>
 * └── (T) main
 *     └──  Main.main Main.java:20
 *         └── (T) worker
 *             └──  Worker.run Worker.java:12
 *                 └──  Worker.fetch Worker.java:30
 * </pre>
 */
final class TaskTree {
  private TaskTree() {}

  /** The await graph has cycles (tasks awaiting each other): it cannot be drawn as trees. */
  static final class CycleFound extends Exception {
    private static final long serialVersionUID = 1L;

    /** Each cycle as task ids, the first repeated at the end. */
    final transient List<List<Long>> cycles;

    /** Task names by id. */
    final transient Map<Long, String> names;

    CycleFound(List<List<Long>> cycles, Map<Long, String> names) {
      super("await-graph contains cycles");
      this.cycles = cycles;
      this.names = names;
    }

    /**
     * Python's {@code _print_cycle_exception}: the error line, a blank line, one {@code cycle: a →
     * b → a} line per cycle.
     *
     * @return the lines, each ending with a newline
     */
    String report() {
      StringBuilder out = new StringBuilder(
          "ERROR: await-graph contains cycles - cannot print a tree!\n\n");
      for (List<Long> cycle : cycles) {
        List<String> named = new ArrayList<>();
        for (long id : cycle) {
          named.add(names.getOrDefault(id, TaskTable.hex(id)));
        }
        out.append("cycle: ").append(String.join(" → ", named)).append('\n');
      }
      return out.toString();
    }
  }

  /** A node: a task ({@code (T) name}) or a coroutine frame under its parent. */
  private static final class Node {
    final String label;
    final List<Node> children = new ArrayList<>();
    final Map<String, Node> frames = new HashMap<>();

    Node(String label) {
      this.label = label;
    }
  }

  /** An await: {@code parent} waits for {@code child}, suspended in {@code stack}. */
  private record Await(long parent, List<String> stack, long child) {}

  /**
   * Draws the trees.
   *
   * @param loops the snapshot. Not null.
   * @return one drawing per root, its lines joined by newlines (no trailing newline)
   * @throws CycleFound when tasks await each other in a cycle
   */
  static List<String> build(List<Snapshot.Loop> loops) throws CycleFound {
    Map<Long, String> names = new LinkedHashMap<>();
    Map<Long, List<String>> stacks = new HashMap<>();
    List<Await> awaits = new ArrayList<>();
    for (Snapshot.Loop loop : loops) {
      for (Snapshot.Task t : loop.tasks()) {
        names.put(t.id(), t.name());
        if (!t.stack().isEmpty()) {
          stacks.put(t.id(), t.stack());
        }
        for (Snapshot.Awaiter a : t.awaitedBy()) {
          awaits.add(new Await(a.taskId(), a.stack(), t.id()));
        }
      }
    }
    Map<Long, Set<Long>> graph = new LinkedHashMap<>();
    for (Await a : awaits) {
      graph.computeIfAbsent(a.parent(), k -> new LinkedHashSet<>()).add(a.child());
    }
    List<List<Long>> cycles = findCycles(graph);
    if (!cycles.isEmpty()) {
      throw new CycleFound(cycles, names);
    }

    List<Node> all = new ArrayList<>(); // creation order: the tasks, then frames as they appear
    Map<Long, Node> tasks = new HashMap<>();
    for (Map.Entry<Long, String> e : names.entrySet()) {
      Node n = new Node("(T) " + e.getValue());
      tasks.put(e.getKey(), n);
      all.add(n);
    }
    for (Await a : awaits) {
      Node cur = task(tasks, all, a.parent());
      for (int i = a.stack().size() - 1; i >= 0; i--) {
        cur = frame(cur, a.stack().get(i), all);
      }
      Node child = task(tasks, all, a.child());
      if (!cur.children.contains(child)) {
        cur.children.add(child);
      }
    }
    Set<Long> awaiting = new HashSet<>();
    for (Await a : awaits) {
      awaiting.add(a.parent());
    }
    for (long id : names.keySet()) {
      List<String> stack = stacks.get(id);
      if (!awaiting.contains(id) && stack != null) {
        Node cur = tasks.get(id);
        for (int i = stack.size() - 1; i >= 0; i--) {
          cur = frame(cur, stack.get(i), all);
        }
      }
    }

    Set<Node> children = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : all) {
      children.addAll(n.children);
    }
    List<String> trees = new ArrayList<>();
    for (Node n : all) {
      if (!children.contains(n)) {
        trees.add(render(n));
      }
    }
    return trees;
  }

  private static Node task(Map<Long, Node> tasks, List<Node> all, long id) {
    return tasks.computeIfAbsent(id, k -> {
      Node n = new Node("(T) " + TaskTable.hex(k)); // an awaiter that was not listed
      all.add(n);
      return n;
    });
  }

  private static Node frame(Node parent, String frame, List<Node> all) {
    return parent.frames.computeIfAbsent(frame, f -> {
      Node n = new Node(" " + f); // Python's empty coroutine flag, then a space
      parent.children.add(n);
      all.add(n);
      return n;
    });
  }

  /** Draws one tree, depth first without recursion. */
  private static String render(Node root) {
    StringBuilder out = new StringBuilder();
    Deque<Object[]> todo = new ArrayDeque<>(); // {node, prefix, last}
    todo.push(new Object[] {root, "", Boolean.TRUE});
    while (!todo.isEmpty()) {
      Object[] item = todo.pop();
      Node node = (Node) item[0];
      String prefix = (String) item[1];
      boolean last = (Boolean) item[2];
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(prefix).append(last ? "└── " : "├── ").append(node.label);
      String childPrefix = prefix + (last ? "    " : "│   ");
      for (int i = node.children.size() - 1; i >= 0; i--) {
        todo.push(new Object[] {node.children.get(i), childPrefix,
            i == node.children.size() - 1});
      }
    }
    return out.toString();
  }

  /**
   * Python's {@code _find_cycles}: a depth-first search for back edges, without recursion.
   *
   * @return each cycle as the ids on it, the first repeated at the end; empty when there is none
   */
  static List<List<Long>> findCycles(Map<Long, Set<Long>> graph) {
    final int grey = 1;
    final int black = 2;
    Map<Long, Integer> color = new HashMap<>();
    List<List<Long>> cycles = new ArrayList<>();
    for (long start : graph.keySet()) {
      if (color.containsKey(start)) {
        continue;
      }
      List<Long> path = new ArrayList<>();
      Deque<Iterator<Long>> next = new ArrayDeque<>();
      color.put(start, grey);
      path.add(start);
      next.push(graph.getOrDefault(start, Set.of()).iterator());
      while (!next.isEmpty()) {
        Iterator<Long> it = next.peek();
        if (!it.hasNext()) {
          next.pop();
          color.put(path.remove(path.size() - 1), black);
          continue;
        }
        long w = it.next();
        Integer c = color.get(w);
        if (c == null) {
          color.put(w, grey);
          path.add(w);
          next.push(graph.getOrDefault(w, Set.of()).iterator());
        } else if (c == grey) {
          List<Long> cycle = new ArrayList<>(path.subList(path.indexOf(w), path.size()));
          cycle.add(w);
          cycles.add(cycle);
        }
      }
    }
    return cycles;
  }
}
