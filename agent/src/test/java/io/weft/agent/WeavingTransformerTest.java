package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.weaver.Weaver;
import io.weft.weaver.testing.InMemoryJavac;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transformer in-process: what it skips, what it reports, what it returns. */
class WeavingTransformerTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ClassLoader loader = getClass().getClassLoader();

  private WeavingTransformer transformer(String options) {
    return new WeavingTransformer(AgentOptions.parse(options),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "java/lang/String", "javax/swing/JFrame", "jdk/internal/misc/Unsafe", "sun/misc/Unsafe",
    "com/sun/proxy/$Proxy1", "io/weft/Generator", "io/weft/internal/Frame",
    "io/weft/weaver/Weaver", "io/weft/agent/Premain", "io/weft/shaded/asm/ClassReader",
  })
  void jdkAndWeftClassesAreSkippedByName(String name) throws Exception {
    assertTrue(WeavingTransformer.isSkipped(name));
    // log=true reports any class file it fails to read: these bytes are not even looked at.
    assertNull(transformer("log=true").transform(loader, name, null, null, new byte[] {1, 2}));
    assertEquals("", err());
  }

  @Test
  void applicationClassesAreNotSkippedByName() {
    for (String name : List.of("com/example/Feed", "Feed", "io/weftx/Feed", "javafoo/Bar",
        "io/weft/examples/generators/Countdown", "io/weft/benchmarks/Ring")) {
      assertTrue(!WeavingTransformer.isSkipped(name), name);
    }
  }

  @Test
  void bootstrapLoaderClassesAndRedefinedClassesAreSkipped() throws Exception {
    byte[] bytes = countdown();
    WeavingTransformer t = transformer("log=true");
    assertNull(t.transform(null, "demo/Countdown", null, null, bytes));
    assertNull(t.transform(loader, "demo/Countdown", Object.class, null, bytes));
    assertEquals("", err());
  }

  /** ClassLoader.defineClass(null, ...) gives no name: the one in the bytes is filtered. */
  @Test
  void aClassDefinedWithoutANameIsFilteredByTheNameInItsBytes() throws Exception {
    byte[] bytes = countdown();
    assertNull(transformer("exclude=demo.*,log=true").transform(loader, null, null, null, bytes));
    assertEquals("", err());
    assertNotNull(transformer("log=true").transform(loader, null, null, null, bytes));
    assertEquals("[weft] woven demo.Countdown\n", err());
  }

  @Test
  void aClassWithoutWeftReferencesIsReturnedUnchanged() throws Exception {
    byte[] plain = ownClassFile(AgentOptions.class);
    assertNull(transformer("log=true").transform(loader, "com/example/Plain", null, null, plain));
    assertEquals("", err());
  }

  @Test
  void unreadableClassFilesAreSkippedWithoutAStackTrace() throws Exception {
    byte[] good = countdown();
    byte[] version99 = good.clone();
    version99[7] = 99;
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] garbage = "\u00ca\u00fe\u00ba\u00be Lio/weft/Coroutine; and more"
        .getBytes(StandardCharsets.ISO_8859_1);
    for (byte[] bytes : List.of(version99, truncated, garbage, new byte[0])) {
      assertNull(transformer(null).transform(loader, "demo/Countdown", null, null, bytes));
      assertNull(transformer("log=true").transform(loader, "demo/Countdown", null, null, bytes));
    }
    for (String line : err().lines().toList()) {
      assertTrue(line.startsWith("[weft] skipped demo.Countdown: not a class file this agent can"
          + " read ("), err());
    }
    assertTrue(!err().contains("\tat "), err());
  }

  @Test
  void aCandidateIsWovenAndLogged(@TempDir Path dump) throws Exception {
    byte[] bytes = countdown();
    byte[] woven = transformer("log=true,dump=" + dump)
        .transform(loader, "demo/Countdown", null, null, bytes);
    assertNotNull(woven, "demo.Countdown must be woven");
    assertTrue(Weaver.isWoven(woven));
    assertEquals("[weft] woven demo.Countdown\n", err());
    assertTrue(Files.isRegularFile(dump.resolve("original/demo/Countdown.class")));
    assertTrue(Files.isRegularFile(dump.resolve("woven/demo/Countdown.class")));
    assertTrue(Files.readString(dump.resolve("woven/demo/Countdown.txt"))
        .contains("public class demo/Countdown"));

    err.reset();
    assertNull(transformer("log=true").transform(loader, "demo/Countdown", null, null, woven),
        "a woven class is never woven twice");
    assertEquals("", err());
  }

  @Test
  void aRefusedMethodIsOneLineAndTheClassIsUnchanged(@TempDir Path dump) throws Exception {
    Map<String, byte[]> classes = compile("refused", "demo.Refused", "demo.Fine");
    assertNull(transformer("dump=" + dump)
        .transform(loader, "demo/Refused", null, null, classes.get("demo.Refused")));
    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.get(0).startsWith("[weft] demo.Refused.locked (Refused.java:10): "), err());
    assertTrue(Files.isRegularFile(dump.resolve("original/demo/Refused.class")),
        "a refused class is dumped as it was, for a report");
  }

  private static byte[] countdown() throws IOException {
    return compile("countdown", "demo.Countdown").get("demo.Countdown");
  }

  private static Map<String, byte[]> compile(String program, String... classes)
      throws IOException {
    Map<String, String> sources = new java.util.TreeMap<>();
    for (String name : classes) {
      Path file = ShippedAgent.programs(program).resolve(name.replace('.', '/') + ".java");
      sources.put(name, Files.readString(file));
    }
    return InMemoryJavac.compile(sources, 17);
  }

  private static byte[] ownClassFile(Class<?> type) throws IOException {
    try (InputStream in =
        type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
