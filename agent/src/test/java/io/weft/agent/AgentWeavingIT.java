package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.weaver.ClassHierarchy;
import io.weft.weaver.Weaver;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator compiled without weaving runs woven under the shipped agent; {@code log=} and
 * {@code dump=} do what they say; a class woven at build time passes through the agent untouched.
 */
class AgentWeavingIT {
  private static final String COUNTDOWN_OUTPUT = "3\n2\n1\nliftoff\n";

  @TempDir Path classes;
  private Path countdownClass;

  @BeforeEach
  void compileCountdownUnwoven() throws IOException {
    ShippedAgent.javac(ShippedAgent.sources(ShippedAgent.programs("countdown")), 17, classes);
    countdownClass = classes.resolve("demo/Countdown.class");
    assertFalse(Weaver.isWoven(Files.readAllBytes(countdownClass)), "javac does not weave");
  }

  @Test
  void withoutTheAgentTheGeneratorFailsSayingItWasNotWoven() throws Exception {
    ShippedAgent.Run run =
        ShippedAgent.runJava(ShippedAgent.currentJava(), List.of(), classes, "demo.Countdown");
    assertNotEquals(0, run.exitCode(), run.describe());
    assertEquals("", run.stdout(), run.describe());
    assertTrue(run.stderr().contains("IllegalStateException: Generator.yield was called from"
        + " demo.Countdown.countdown(Countdown.java:10), which was not woven."), run.describe());
  }

  @Test
  void theAgentWeavesAtLoadTime() throws Exception {
    ShippedAgent.Run run = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), null, classes, "demo.Countdown");
    assertEquals(COUNTDOWN_OUTPUT, run.stdout(), run.describe());
    assertEquals("", run.stderr(), "quiet by default: " + run.describe());
    assertEquals(0, run.exitCode(), run.describe());
  }

  @Test
  void logPrintsOneLinePerWovenClass() throws Exception {
    ShippedAgent.Run run = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), "log=true", classes, "demo.Countdown");
    assertEquals(COUNTDOWN_OUTPUT, run.stdout(), run.describe());
    assertEquals(List.of("[weft] woven demo.Countdown"), run.stderrLines(), run.describe());
  }

  @Test
  void excludedClassesAreNotWoven() throws Exception {
    ShippedAgent.Run run = ShippedAgent.runWithAgent(ShippedAgent.currentJava(),
        "include=demo.*,exclude=demo.Count*,log=true", classes, "demo.Countdown");
    assertEquals("", run.stdout(), run.describe());
    assertFalse(run.stderr().contains("[weft] woven"), run.describe());
    assertTrue(run.stderr().contains("which was not woven"), run.describe());
  }

  @Test
  void dumpWritesTheClassBeforeAndAfterWeavingAndItsListing(@TempDir Path dump)
      throws Exception {
    ShippedAgent.Run run = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), "dump=" + dump, classes, "demo.Countdown");
    assertEquals(COUNTDOWN_OUTPUT, run.stdout(), run.describe());
    assertEquals("", run.stderr(), run.describe());

    byte[] original = Files.readAllBytes(dump.resolve("original/demo/Countdown.class"));
    assertArrayEquals(Files.readAllBytes(countdownClass), original);
    byte[] woven = Files.readAllBytes(dump.resolve("woven/demo/Countdown.class"));
    assertTrue(Weaver.isWoven(woven), "woven/demo/Countdown.class carries the woven marker");
    assertFalse(Weaver.isWoven(original));
    String listing =
        Files.readString(dump.resolve("woven/demo/Countdown.txt"), StandardCharsets.UTF_8);
    assertTrue(listing.contains("public class demo/Countdown"), listing);
    assertTrue(listing.contains("countdown("), listing);
    assertTrue(listing.contains("LINENUMBER 10"), "line numbers survive weaving:\n" + listing);
  }

  @Test
  void aClassWovenAtBuildTimePassesThroughUntouched(@TempDir Path dump) throws Exception {
    byte[] woven;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      woven = new Weaver(ClassHierarchy.of(loader)).weave(Files.readAllBytes(countdownClass));
    }
    assertNotNull(woven, "the weaver must weave demo.Countdown");
    Files.write(countdownClass, woven);

    ShippedAgent.Run run = ShippedAgent.runWithAgent(ShippedAgent.currentJava(),
        "log=true,dump=" + dump, classes, "demo.Countdown");
    assertEquals(COUNTDOWN_OUTPUT, run.stdout(), run.describe());
    assertEquals("", run.stderr(), "nothing woven twice, nothing logged: " + run.describe());
    assertFalse(Files.exists(dump.resolve("woven/demo/Countdown.class")),
        "the agent must not weave a woven class again");
  }
}
