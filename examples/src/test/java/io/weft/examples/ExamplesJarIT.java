package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@code target/weft-examples.jar} as a user would ({@code java -jar}, no agent), and checks
 * that every example prints the same as it does in-process in the unit tests.
 */
class ExamplesJarIT {

  private static final Path JAR = Path.of(System.getProperty("weft.examples.jar"));

  /** The exit status and the output of one {@code java -jar} run. */
  private record Run(int status, String stdout, String stderr) {}

  private static Run javaJar(String... args) throws IOException, InterruptedException {
    assertTrue(Files.isRegularFile(JAR), "missing " + JAR);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("weft-examples", ".out");
    Path stderr = Files.createTempFile("weft-examples", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java -jar did not finish: " + command);
      return new Run(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  @TestFactory
  List<DynamicTest> everyExamplePrintsWhatItPrintsInProcess() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Main.Example example : Main.EXAMPLES) {
      tests.add(
          DynamicTest.dynamicTest(
              example.name(),
              () -> {
                String expected = Stdout.capture(() -> example.main().accept(new String[0]));
                Run run = javaJar(example.name());
                assertEquals("", run.stderr(), "stderr of " + example.name());
                assertEquals(0, run.status());
                assertEquals(expected, run.stdout());
              }));
    }
    return tests;
  }

  @Test
  void countdownPrintsThreeTwoOne() throws Exception {
    Run run = javaJar("countdown");
    assertEquals(new Run(0, "3\n2\n1\n", ""), run);
  }

  @Test
  void withoutANameItListsTheExamples() throws Exception {
    Run run = javaJar();
    assertEquals(0, run.status());
    for (Main.Example example : Main.EXAMPLES) {
      assertTrue(run.stdout().contains("  " + example.name() + " "), run.stdout());
    }
  }

  @Test
  void anUnknownNameFailsWithStatus2() throws Exception {
    Run run = javaJar("nope");
    assertEquals(2, run.status());
    assertTrue(run.stderr().startsWith("Unknown example: nope"), run.stderr());
  }
}
