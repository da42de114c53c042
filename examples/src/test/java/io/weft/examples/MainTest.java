package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static List<String> lines(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void withoutANameItListsEveryExampleOnStdout() {
    assertEquals(0, run());
    List<String> lines = lines(out);
    assertEquals("Usage: java -jar weft-examples.jar NAME", lines.get(0));
    for (Main.Example example : Main.EXAMPLES) {
      assertTrue(
          lines.stream().anyMatch(l -> l.matches("  " + example.name() + " +" + "\\S.*")),
          "no line for " + example.name() + " in " + lines);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownNameIsReportedOnStderrWithTheListAndStatus2() {
    assertEquals(2, run("no-such-example"));
    List<String> lines = lines(err);
    assertEquals("Unknown example: no-such-example", lines.get(0));
    assertTrue(lines.contains("Usage: java -jar weft-examples.jar NAME"), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  countdown ")), lines.toString());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aKnownNameRunsThatExample() {
    String printed = Stdout.capture(() -> assertEquals(0, run("countdown")));
    assertEquals("3\n2\n1\n", printed);
  }

  @Test
  void namesAreUniqueAndCommandLineFriendly() {
    Set<String> names = new HashSet<>();
    for (Main.Example example : Main.EXAMPLES) {
      assertTrue(names.add(example.name()), "duplicate name " + example.name());
      assertTrue(example.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), example.name());
    }
  }
}
