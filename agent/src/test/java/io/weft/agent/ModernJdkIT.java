package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class files from Java 8 to Java 25 woven by the shipped agent, on JDK 17 and on JDK 25 (with
 * the JVM's verifier on, as always: never {@code -noverify}).
 *
 * <p>The program in {@code src/it/modern} is written twice where the language moved: {@code
 * jdk25/Shapes.java} uses a pattern switch over a sealed interface with suspensions inside its
 * cases, module imports and a constructor prologue; {@code jdk17/Shapes.java} says the same with
 * {@code instanceof}. Both print the same lines. {@code common/} (records, nested
 * try-with-resources around suspensions) is compiled at the release of each build, and {@code
 * jdk8/Legacy.java} always with JDK 17's javac at {@code --release 8}.
 */
class ModernJdkIT {
  private static final String EXPECTED_OUTPUT = String.join("\n",
      "a big circle is coming",
      "1: big circle 12",
      "2: small circle",
      "square 3?",
      "3: square 3 yes",
      "g[0]=Square[side=1]",
      "g[1]=Circle[radius=5]",
      "4: group g of 2",
      "described 4",
      "count 0",
      "count 1",
      "complete: open a, got in a, open b, open c, got in b c, sent x, close c, close b,"
          + " got after b c, close a, finally, return result",
      "closed: open a, got in a, open b, open c, got in b c, close c, close b, close a,"
          + " finally, CLOSED",
      "thrown: open a, got in a, close a, finally, caught boom, CLOSED",
      "fib 1 ratio 0.000",
      "fib 1 ratio 1.000",
      "fib 2 ratio 2.000",
      "fib 3 ratio 1.500",
      "fib 5 ratio 1.667",
      "fib 8 ratio 1.600",
      "1:alpha (legacy)",
      "2:beta (legacy)",
      "sum 0",
      "sum 10",
      "sum 30",
      "total 60",
      "");

  /** The classes with @Coroutine methods: each must be woven by the agent, none twice. */
  private static final Set<String> WOVEN = Set.of(
      "[weft] woven demo.Shapes",
      "[weft] woven demo.Shapes$Counter",
      "[weft] woven demo.Shape$Group",
      "[weft] woven demo.Resources",
      "[weft] woven demo.Legacy",
      "[weft] woven demo.Legacy$1");

  private static Path jdk25;

  @BeforeAll
  static void findJdk25() {
    jdk25 = Paths.get(System.getProperty("weft.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  }

  @Test
  void java8And17ClassFilesRunWovenOnJdk17(@TempDir Path classes) throws Exception {
    buildWithJdk17(classes);
    assertRunsWoven(ShippedAgent.currentJava(), classes);
  }

  @Test
  void java8And17ClassFilesRunWovenOnJdk25(@TempDir Path classes) throws Exception {
    assumeJdk25();
    buildWithJdk17(classes);
    assertRunsWoven(jdk25.resolve("bin/java"), classes);
  }

  @Test
  void java25ClassFilesRunWovenOnJdk25(@TempDir Path classes) throws Exception {
    assumeJdk25();
    compileLegacy(classes);
    ShippedAgent.javac(jdk25, sources("common", "jdk25"), 25, classes);
    assertVersion(classes, "Shapes", 69);
    assertVersion(classes, "Shape$Group", 69);
    assertVersion(classes, "Resources", 69);
    assertRunsWoven(jdk25.resolve("bin/java"), classes);
  }

  private static void buildWithJdk17(Path classes) throws IOException {
    compileLegacy(classes);
    ShippedAgent.javac(sources("common", "jdk17"), 17, classes);
    assertVersion(classes, "Shapes", 61);
    assertVersion(classes, "Shape$Group", 61);
    assertVersion(classes, "Resources", 61);
  }

  /** demo.Legacy, compiled by JDK 17's javac for Java 8. */
  private static void compileLegacy(Path classes) throws IOException {
    ShippedAgent.javac(sources("jdk8"), 8, classes);
    assertVersion(classes, "Legacy", 52);
    assertVersion(classes, "Legacy$1", 52);
  }

  private static void assertRunsWoven(Path java, Path classes) throws Exception {
    ShippedAgent.Run run = ShippedAgent.runWithAgent(java, "log=true", classes, "demo.Main");
    assertEquals(EXPECTED_OUTPUT, run.stdout(), run.describe());
    assertEquals(0, run.exitCode(), run.describe());
    assertEquals(WOVEN, new TreeSet<>(run.stderrLines()), run.describe());
    assertEquals(WOVEN.size(), run.stderrLines().size(), "each class woven once: "
        + run.describe());
  }

  private static void assumeJdk25() {
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/java"))
            && Files.isExecutable(jdk25.resolve("bin/javac")),
        "JDK 25 not found at " + jdk25 + ": the Java 25 tests are skipped. Point"
            + " -Dweft.jdk25.home=<JDK 25 home> at one to run them.");
  }

  private static List<Path> sources(String... folders) throws IOException {
    List<Path> all = new ArrayList<>();
    for (String folder : folders) {
      all.addAll(ShippedAgent.sources(ShippedAgent.programs("modern/" + folder)));
    }
    return all;
  }

  private static void assertVersion(Path classes, String name, int major) throws IOException {
    Path file = classes.resolve("demo/" + name + ".class");
    assertTrue(Files.isRegularFile(file), "not compiled: " + file);
    assertEquals(major, ShippedAgent.majorVersion(file), "class-file version of " + file);
  }
}
