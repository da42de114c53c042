package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shipped agent prints, and what it must not: no stack trace for the JDK's classes or
 * for class files it cannot read, and one {@code [weft]} line for a refused method.
 */
class AgentReportingIT {

  /**
   * The JVM itself rejects a class file of version 99 and a truncated one; the agent, which sees
   * their bytes first, stays silent (one line each with {@code log=true}), never a stack trace.
   */
  @Test
  void jdkClassesAndUnreadableClassFilesPassWithoutAStackTrace(
      @TempDir Path classes, @TempDir Path data) throws Exception {
    ShippedAgent.javac(ShippedAgent.sources(ShippedAgent.programs("noise")), 17, classes);
    Path compiled = classes.resolve("demo/Future.class");
    byte[] future = Files.readAllBytes(compiled);
    byte[] version99 = future.clone();
    version99[6] = 0;
    version99[7] = 99;
    Files.write(data.resolve("Future99.bin"), version99);
    Files.write(data.resolve("Truncated.bin"), Arrays.copyOf(future, future.length / 2));
    Files.delete(compiled);
    String expected = "jdk: xml 14 demo true\n"
        + "Future99: java.lang.UnsupportedClassVersionError\n"
        + "Truncated: java.lang.ClassFormatError\n"
        + "done\n";

    ShippedAgent.Run quiet = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), null, classes, "demo.Noise", data.toString());
    assertEquals(expected, quiet.stdout(), quiet.describe());
    assertEquals("", quiet.stderr(), quiet.describe());
    assertEquals(0, quiet.exitCode(), quiet.describe());

    ShippedAgent.Run logged = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), "log=true", classes, "demo.Noise", data.toString());
    assertEquals(expected, logged.stdout(), logged.describe());
    assertEquals(0, logged.exitCode(), logged.describe());
    // Both files mention io/weft/Coroutine, so the agent looks at them: one line each.
    List<String> lines = logged.stderrLines();
    assertEquals(2, lines.size(), logged.describe());
    for (String line : lines) {
      assertTrue(line.startsWith("[weft] skipped demo.Future: not a class file this agent can"
          + " read ("), logged.describe());
    }
    assertTrue(lines.get(0).contains("99"), "the version-99 file first: " + logged.describe());
  }

  /** A suspension inside synchronized: one line naming class, method and line; class unwoven. */
  @Test
  void aRefusedMethodIsReportedInOneLine(@TempDir Path classes) throws Exception {
    Path sources = ShippedAgent.programs("refused");
    ShippedAgent.javac(ShippedAgent.sources(sources), 17, classes);
    int line = lineOf(sources.resolve("demo/Refused.java"), "Generator.yield(1)");
    String refusal = "[weft] demo.Refused.locked (Refused.java:" + line + "): ";

    ShippedAgent.Run run = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), null, classes, "demo.Refused");
    assertEquals("fine 1\nfine 2\nRefused.locked ran unwoven: true\n", run.stdout(),
        run.describe());
    assertEquals(0, run.exitCode(), run.describe());
    List<String> lines = run.stderrLines();
    assertEquals(1, lines.size(), "one line, no stack trace: " + run.describe());
    assertTrue(lines.get(0).startsWith(refusal), run.describe());
    assertTrue(lines.get(0).contains("synchronized"), run.describe());

    ShippedAgent.Run logged = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), "log=true", classes, "demo.Refused");
    assertEquals(run.stdout(), logged.stdout(), logged.describe());
    assertEquals(List.of(lines.get(0), "[weft] woven demo.Fine"),
        logged.stderrLines().stream().sorted().collect(java.util.stream.Collectors.toList()),
        logged.describe());
    assertFalse(logged.stderr().contains("woven demo.Refused"), logged.describe());
  }

  private static int lineOf(Path source, String text) throws IOException {
    List<String> lines = Files.readAllLines(source);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + source);
  }
}
