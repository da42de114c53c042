package io.weft.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ps}: one row per task and awaiter. Python 3.14's {@code asyncio.tools.build_task_table}
 * and its table display, with the thread's name where Python shows its id.
 */
final class TaskTable {
  private TaskTable() {}

  static final String[] HEADER = {"thread", "task id", "task name", "coroutine stack",
      "awaiter chain", "awaiter name", "awaiter id"};
  private static final int[] WIDTHS = {15, 20, 20, 50, 50, 15, 15};

  /**
   * The rows: per task, one per task awaiting it, or one with empty awaiter columns and awaiter
   * id {@code 0x0} when none does. Stacks show method names only, innermost first, joined by
   * {@code " -> "}.
   *
   * @param loops the snapshot. Not null.
   * @return the rows, seven columns each
   */
  static List<String[]> rows(List<Snapshot.Loop> loops) {
    List<String[]> rows = new ArrayList<>();
    for (Snapshot.Loop loop : loops) {
      String thread = loop.threadName().isEmpty() ? "(idle)" : loop.threadName();
      for (Snapshot.Task t : loop.tasks()) {
        String stack = chain(t.stack());
        if (t.awaitedBy().isEmpty()) {
          rows.add(new String[] {thread, hex(t.id()), t.name(), stack, "", "", "0x0"});
          continue;
        }
        for (Snapshot.Awaiter a : t.awaitedBy()) {
          rows.add(new String[] {thread, hex(t.id()), t.name(), stack, chain(a.stack()),
              a.taskName(), hex(a.taskId())});
        }
      }
    }
    return rows;
  }

  /**
   * The table as text: the header, a rule, the rows, columns padded to Python's widths (longer
   * values push the line out, as there), no trailing spaces.
   *
   * @param rows the rows. Not null.
   * @return the lines, each ending with a newline
   */
  static String render(List<String[]> rows) {
    StringBuilder out = new StringBuilder();
    line(out, HEADER);
    int width = WIDTHS.length - 1;
    for (int w : WIDTHS) {
      width += w;
    }
    out.append("-".repeat(width)).append('\n');
    for (String[] row : rows) {
      line(out, row);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(' ');
      }
      line.append(cells[i]);
      line.append(" ".repeat(Math.max(0, WIDTHS[i] - cells[i].length())));
    }
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    out.append(line, 0, end).append('\n');
  }

  /** {@code "C.inner -> C.outer"}: the method of each entry, without its file and line. */
  static String chain(List<String> stack) {
    return stack.stream().map(TaskTable::method).collect(Collectors.joining(" -> "));
  }

  private static String method(String entry) {
    int space = entry.indexOf(' ');
    return space < 0 ? entry : entry.substring(0, space);
  }

  static String hex(long id) {
    return "0x" + Long.toHexString(id);
  }
}
