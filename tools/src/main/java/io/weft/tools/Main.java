package io.weft.tools;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar weft-tools.jar ps|pstree <pid>}: the tasks of a running Weft program, as
 * Python 3.14's {@code python -m asyncio ps PID} and {@code pstree PID} show an asyncio
 * program's.
 *
 * <pre>
 * usage: java -jar weft-tools.jar ps &lt;pid&gt;      a table: one row per task and awaiter
 *        java -jar weft-tools.jar pstree &lt;pid&gt;  a tree: each task under the tasks awaiting it
 * </pre>
 *
 * Exit status: 0 when the tasks were shown; 1 when the process could not be read, or (pstree)
 * its tasks await each other in a cycle; 2 for a usage error.
 */
public final class Main {
  private Main() {}

  static final String USAGE = String.join("\n",
      "usage: java -jar weft-tools.jar ps <pid>      the tasks of every event loop of JVM <pid>,",
      "                                              one row per task and awaiter",
      "       java -jar weft-tools.jar pstree <pid>  the same as a tree: each task under the tasks",
      "                                              awaiting it");

  /**
   * Runs the tool and exits with its status.
   *
   * @param args {@code ps <pid>} or {@code pstree <pid>}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the tool.
   *
   * @param args {@code ps <pid>} or {@code pstree <pid>}. Not null.
   * @param out where the table or tree goes. Not null.
   * @param err where errors and notes go. Not null.
   * @return the exit status: 0, 1 (cannot read the process; a cycle) or 2 (usage)
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !args[0].equals("ps") && !args[0].equals("pstree")) {
      err.println(USAGE);
      return 2;
    }
    long pid;
    try {
      pid = Long.parseLong(args[1]);
    } catch (NumberFormatException e) {
      err.println("weft-tools: '" + args[1] + "' is not a process id");
      err.println(USAGE);
      return 2;
    }
    List<Snapshot.Loop> loops;
    try {
      loops = RemoteTasks.read(pid);
    } catch (RemoteTasks.Failure e) {
      err.println("weft-tools: " + e.getMessage());
      return 1;
    }
    for (Snapshot.Loop loop : loops) {
      if (!loop.consistent()) {
        err.println("weft-tools: note: the event loop on thread '" + loop.threadName()
            + "' was busy in a callback; its tasks were read without stopping it and may be"
            + " inconsistent");
      }
    }
    if (args[0].equals("ps")) {
      out.print(TaskTable.render(TaskTable.rows(loops)));
      return 0;
    }
    try {
      for (String tree : TaskTree.build(loops)) {
        out.println(tree);
      }
      return 0;
    } catch (TaskTree.CycleFound cycle) {
      err.print(cycle.report());
      return 1;
    }
  }
}
