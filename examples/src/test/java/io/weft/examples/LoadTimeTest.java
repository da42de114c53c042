package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.loadtime.LoadTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code load-time} example: the build leaves it unwoven, and {@code -javaagent:weft-agent.jar}
 * weaves it when a JVM loads it. This JVM runs without the agent, so the class here is the one the
 * build left; the woven run is a second JVM started with the agent on the same class path.
 */
class LoadTimeTest {

  @Test
  void theBuildLeavesTheLoadTimePackageUnwoven() {
    // Unwoven, the generator's body runs at the call and its first yield fails with the fix.
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> LoadTime.main(new String[0]));
    assertTrue(e.getMessage().contains("LoadTime.squares(LoadTime.java:"), e.getMessage());
    assertTrue(e.getMessage().contains("which was not woven"), e.getMessage());
    assertTrue(e.getMessage().contains("java -javaagent:weft-agent.jar"), e.getMessage());
  }

  @Test
  void mainReportsAMissingAgentInOneMessageWithStatus1() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {"load-time"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(
        List.of(
            "load-time is woven at class load: run it with the agent,",
            "  java -javaagent:agent/target/weft-agent-<version>.jar"
                + " -jar examples/target/weft-examples.jar load-time"),
        lines.subList(0, 2));
    assertTrue(lines.get(2).contains("which was not woven"), lines.get(2));
  }

  @Test
  void underTheAgentItRunsAndPrintsWhatItsJavadocShows() throws IOException, InterruptedException {
    Path agent = Path.of(System.getProperty("weft.agent.jar"));
    assertTrue(Files.isRegularFile(agent), "missing " + agent + ": build the agent module first");
    Path stdout = Files.createTempFile("load-time", ".out");
    Path stderr = Files.createTempFile("load-time", ".err");
    try {
      Process java =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-javaagent:" + agent,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LoadTime.class.getName())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      assertTrue(java.waitFor(60, TimeUnit.SECONDS), "the woven run did not finish");
      String err = Files.readString(stderr);
      assertEquals(0, java.exitValue(), err);
      assertEquals("", err);
      assertEquals(
          LoadTimeOutput.EXPECTED,
          Files.readString(stdout).replace(System.lineSeparator(), "\n"));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
