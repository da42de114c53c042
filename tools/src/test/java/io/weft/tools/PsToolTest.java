package io.weft.tools;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tool against a real process: {@link PsTarget} runs in a JVM of its own (the JDK does not let
 * a JVM attach to itself), the tool attaches to it by pid and prints its tasks. The target ends
 * when its standard input closes, which {@link #stopTarget()} does.
 */
class PsToolTest {
  private static Process target;
  private static final Map<String, String> ids = new HashMap<>();

  @BeforeAll
  static void startTarget() throws Exception {
    String[] ready = new String[1];
    target = start(ready);
    assertTrue(ready[0].startsWith("ready "), ready[0]);
    for (String pair : ready[0].substring("ready ".length()).split(" ")) {
      String[] kv = pair.split("=");
      ids.put(kv[0], kv[1]);
    }
  }

  @AfterAll
  static void stopTarget() throws Exception {
    if (target != null) {
      stop(target);
    }
  }

  /** Starts {@link PsTarget} with {@code args} and waits for its first line, put in ready[0]. */
  private static Process start(String[] ready, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = File.createTempFile("ps-target", ".log");
    log.deleteOnExit();
    List<String> command = new java.util.ArrayList<>(List.of(
        java, "-Dweft.jmx.delay=0", "-cp", System.getProperty("java.class.path"),
        PsTarget.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(log).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the target ended
      }
    }, "ps-target-stdout");
    reader.setDaemon(true);
    reader.start();
    ready[0] = lines.poll(60, TimeUnit.SECONDS);
    if (ready[0] == null) {
      stop(p);
      fail("the target did not start; its stderr: " + Files.readString(log.toPath()));
    }
    return p;
  }

  /** Ends a target: it ends by itself when its stdin closes. */
  private static void stop(Process p) throws Exception {
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the target did not end when its stdin closed");
    }
    assertEquals(0, p.exitValue());
  }

  /** {@code ps <pid>}: a row per task and awaiter, Python's columns, the thread's name. */
  @Test
  void ps() {
    Result r = tool("ps", Long.toString(target.pid()));
    assertEquals("", r.err);
    assertEquals(0, r.status);
    String main = ids.get("main");
    String worker = ids.get("worker");
    String boss1 = ids.get("boss1");
    String boss2 = ids.get("boss2");
    String workerStack = "PsTarget.leaf -> PsTarget.middle";
    assertEquals(row("thread", "task id", "task name", "coroutine stack", "awaiter chain",
            "awaiter name", "awaiter id")
        + "-".repeat(191) + "\n"
        + row("main", main, "main", "PsTarget.main", "", "", "0x0")
        + row("main", worker, "worker", workerStack, "PsTarget.main", "main", main)
        + row("main", worker, "worker", workerStack, "PsTarget.waiter", "boss1", boss1)
        + row("main", worker, "worker", workerStack, "PsTarget.waiter", "boss2", boss2)
        + row("main", boss1, "boss1", "PsTarget.waiter", "PsTarget.main", "main", main)
        + row("main", boss2, "boss2", "PsTarget.waiter", "PsTarget.main", "main", main), r.out);
  }

  /** {@code pstree <pid>}: each task under the frames of the tasks awaiting it. */
  @Test
  void pstree() {
    Result r = tool("pstree", Long.toString(target.pid()));
    assertEquals("", r.err);
    assertEquals(0, r.status);
    String main = frame("main", "main gathers");
    String middle = frame("middle", "middle awaits leaf");
    String leaf = frame("leaf", "leaf awaits the gate");
    String waiter = frame("waiter", "waiter awaits the worker");
    assertEquals(String.join("\n",
        "└── (T) main",
        "    └──  " + main,
        "        ├── (T) worker",
        "        │   └──  " + middle,
        "        │       └──  " + leaf,
        "        ├── (T) boss1",
        "        │   └──  " + waiter,
        "        │       └── (T) worker",
        "        │           └──  " + middle,
        "        │               └──  " + leaf,
        "        └── (T) boss2",
        "            └──  " + waiter,
        "                └── (T) worker",
        "                    └──  " + middle,
        "                        └──  " + leaf) + "\n", r.out);
  }

  @Test
  void usageErrors() {
    Result none = tool();
    assertEquals(2, none.status);
    assertEquals(Main.USAGE + "\n", none.err);
    Result bad = tool("ps", "twelve");
    assertEquals(2, bad.status);
    assertEquals("weft-tools: 'twelve' is not a process id\n" + Main.USAGE + "\n", bad.err);
    assertEquals(2, tool("top", "1").status);
  }

  /** A JVM that never ran an event loop has no MXBean: the tool says so. */
  @Test
  void jvmWithoutALoopIsReported() throws Exception {
    String[] ready = new String[1];
    Process p = start(ready, "no-loop");
    try {
      Result r = tool("pstree", Long.toString(p.pid()));
      assertEquals(1, r.status);
      assertEquals("weft-tools: process " + p.pid() + " has no Weft event loop: no MBean "
          + "io.weft:type=Asyncio (it is registered when a loop first runs, unless the process "
          + "was started with -Dweft.jmx=false)\n", r.err);
    } finally {
      stop(p);
    }
  }

  /** The JDK refuses to attach to the JVM it runs in: the tool says what went wrong. */
  @Test
  void ownProcessCannotBeRead() {
    long self = ProcessHandle.current().pid();
    Result r = tool("ps", Long.toString(self));
    assertEquals(1, r.status);
    assertTrue(r.err.startsWith("weft-tools: cannot attach to process " + self + ": "), r.err);
    assertEquals("", r.out);
  }

  // ------------------------------------------------------------------ helpers

  private record Result(int status, String out, String err) {}

  private static Result tool(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static String row(String... cells) {
    String line = String.format("%-15s %-20s %-20s %-50s %-50s %-15s %s", (Object[]) cells);
    return line.stripTrailing() + "\n";
  }

  private static String frame(String method, String site) {
    return "PsTarget." + method + " PsTarget.java:" + lineOf(site);
  }

  private static int lineOf(String site) {
    Path source = Path.of("src/test/java/io/weft/tools/PsTarget.java");
    try {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).endsWith("// site: " + site)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no line marked '// site: " + site + "' in " + source);
  }
}
