package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The agent jar as {@code mvn package} leaves it: its manifest, its private copy of ASM, what it
 * leaves out (weft-runtime) and its dependency-reduced pom. Independent of what the weaver does.
 */
class AgentJarIT {

  @Test
  void manifestDeclaresTheAgentEntryPoints() throws IOException {
    try (JarFile jar = new JarFile(ShippedAgent.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("io.weft.agent.Premain", main.getValue("Premain-Class"));
      assertEquals("io.weft.agent.Premain", main.getValue("Agent-Class"));
      assertEquals("false", main.getValue("Can-Retransform-Classes"));
      assertNotNull(jar.getEntry("io/weft/agent/Premain.class"));
    }
  }

  @Test
  void asmIsRelocatedAndRuntimeIsNotInside() throws IOException {
    List<String> entries = entries();
    List<String> unrelocated =
        entries.stream().filter(e -> e.startsWith("org/")).collect(Collectors.toList());
    assertEquals(List.of(), unrelocated, "ASM must be relocated to io/weft/shaded/asm/");
    for (String shaded : List.of("ClassReader", "ClassWriter", "commons/ClassRemapper",
        "tree/ClassNode", "tree/analysis/Analyzer", "util/Textifier")) {
      assertTrue(entries.contains("io/weft/shaded/asm/" + shaded + ".class"),
          "missing io/weft/shaded/asm/" + shaded + ".class");
    }
    List<String> runtime = entries.stream()
        .filter(e -> e.startsWith("io/weft/") && e.endsWith(".class"))
        .filter(e -> !e.startsWith("io/weft/agent/") && !e.startsWith("io/weft/weaver/")
            && !e.startsWith("io/weft/shaded/"))
        .collect(Collectors.toList());
    assertEquals(List.of(), runtime,
        "weft-runtime belongs on the application class path, not in the agent jar");
    assertFalse(entries.stream().anyMatch(e -> e.endsWith("module-info.class")),
        "ASM's module-info.class files must not be copied into the agent jar");
  }

  /**
   * Every class the jar's classes refer to is in the jar, in the JDK or in weft-runtime: the
   * relocation rewrote every ASM reference (the weaver's too), and the asm-util filter kept all
   * that Textifier needs.
   */
  @Test
  void everyReferencedClassResolves() throws IOException {
    Set<String> missing = new TreeSet<>();
    try (JarFile jar = new JarFile(ShippedAgent.agentJar().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        Set<String> referenced = new TreeSet<>();
        try (InputStream in = jar.getInputStream(entry)) {
          new ClassReader(in).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {},
              new Remapper(Opcodes.ASM9) {
                @Override
                public String map(String internalName) {
                  referenced.add(internalName);
                  return internalName;
                }
              }), 0);
        }
        for (String name : referenced) {
          if (!name.startsWith("[") && jar.getEntry(name + ".class") == null && !inJdk(name) && !inRuntime(name)) {
            missing.add(name + " (from " + entry.getName() + ")");
          }
        }
      }
    }
    assertEquals(Set.of(), missing, "classes referred to but not in the agent jar");
  }

  /** The transformer skips the jar's own classes: weaving never recurses into the weaver. */
  @Test
  void theAgentNeverWeavesItsOwnClasses() throws IOException {
    List<String> woven = entries().stream()
        .filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class"))
        .map(e -> e.substring(0, e.length() - ".class".length()))
        .filter(name -> !WeavingTransformer.isSkipped(name))
        .collect(Collectors.toList());
    assertEquals(List.of(), woven);
  }

  @Test
  void dependencyReducedPomKeepsTheRuntimeAndDropsAsm() throws Exception {
    Path pom = Paths.get(System.getProperty("weft.reduced.pom", "dependency-reduced-pom.xml"));
    assertTrue(Files.isRegularFile(pom), "no " + pom.toAbsolutePath() + " (written by shade)");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = doc.getElementsByTagName("dependency");
    List<String> compile = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      NodeList scope = d.getElementsByTagName("scope");
      String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent();
      if (!s.equals("test")) {
        compile.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + s);
      }
    }
    assertEquals(List.of("io.weft:weft-runtime:compile"), compile,
        "the installed pom must bring weft-runtime (the ABI) and no ASM (shaded in the jar)");
  }

  @Test
  void invalidOptionsStopTheJvmWithOneLine(@TempDir Path classes) throws Exception {
    ShippedAgent.javac(ShippedAgent.sources(ShippedAgent.programs("hello")), 17, classes);
    ShippedAgent.Run ok =
        ShippedAgent.runWithAgent(ShippedAgent.currentJava(), null, classes, "demo.Hello");
    assertEquals(0, ok.exitCode(), ok.describe());
    assertEquals("hello\n", ok.stdout(), ok.describe());
    assertEquals("", ok.stderr(), ok.describe());

    ShippedAgent.Run run = ShippedAgent.runWithAgent(
        ShippedAgent.currentJava(), "log=true,verbose=true", classes, "demo.Hello");
    assertEquals(1, run.exitCode(), run.describe());
    assertEquals("", run.stdout(), "main must not run: " + run.describe());
    List<String> lines = run.stderrLines();
    assertEquals(1, lines.size(), run.describe());
    assertTrue(lines.get(0).startsWith(
        "[weft] Invalid weft-agent options: unknown option 'verbose' in 'log=true,verbose=true'."
            + " Options (comma-separated): include=<patterns>, exclude=<patterns>,"),
        run.describe());
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }

  private static boolean inJdk(String internalName) {
    return ClassLoader.getPlatformClassLoader().getResource(internalName + ".class") != null;
  }

  private static boolean inRuntime(String internalName) {
    Path runtime = ShippedAgent.runtime();
    if (Files.isDirectory(runtime)) {
      return Files.isRegularFile(runtime.resolve(internalName + ".class"));
    }
    try (JarFile jar = new JarFile(runtime.toFile())) {
      return jar.getEntry(internalName + ".class") != null;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> entries() throws IOException {
    try (JarFile jar = new JarFile(ShippedAgent.agentJar().toFile())) {
      return jar.stream().map(JarEntry::getName).collect(Collectors.toList());
    }
  }
}
