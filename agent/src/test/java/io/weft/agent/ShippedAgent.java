package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.weft.Generator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What the tests of the agent as shipped share: where the built agent jar, the runtime and the
 * programs of {@code src/it} are; compiling those programs (unwoven) with this JDK's javac or
 * another JDK's; and running them in a forked JVM.
 */
final class ShippedAgent {
  private ShippedAgent() {}

  /** A forked JVM's exit status and output. */
  record Run(List<String> command, int exitCode, String stdout, String stderr) {
    /** The whole run, for assertion messages. */
    String describe() {
      return "command: " + String.join(" ", command) + "\nexit: " + exitCode + "\n--- stdout\n"
          + stdout + "--- stderr\n" + stderr + "---";
    }

    /** stderr split in lines. */
    List<String> stderrLines() {
      return stderr.lines().collect(Collectors.toList());
    }
  }

  /** The agent jar as {@code mvn package} built it: shaded, relocated, with its manifest. */
  static Path agentJar() {
    String configured = System.getProperty("weft.agent.jar");
    Path jar = configured != null ? Paths.get(configured)
        : Paths.get("target", "weft-agent-0.1.0-SNAPSHOT.jar");
    assertTrue(Files.isRegularFile(jar), "The agent jar " + jar.toAbsolutePath() + " does not"
        + " exist: these tests run after `package`, with `mvn -B verify`.");
    return jar;
  }

  /** The folder holding the programs the tests compile and run. */
  static Path programs(String name) {
    Path root = Paths.get(System.getProperty("weft.it.sources", "src/it"));
    Path dir = root.resolve(name);
    assertTrue(Files.isDirectory(dir), "No program folder " + dir.toAbsolutePath());
    return dir;
  }

  /** Where weft-runtime's classes are (a jar or a classes folder): the programs' class path. */
  static Path runtime() {
    try {
      return Paths.get(
          Generator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The java launcher of the JDK running the tests. */
  static Path currentJava() {
    return Paths.get(System.getProperty("java.home"), "bin", "java");
  }

  /** The .java files under {@code dir}. */
  static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted()
          .collect(Collectors.toList());
    }
  }

  /**
   * Compiles {@code sources} into {@code out} with the running JDK's javac (javax.tools), for
   * {@code --release release}, against the runtime and {@code out}. No weaving happens.
   */
  static void javac(List<Path> sources, int release, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = javacArgs(sources, release, out);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = javac.run(null, log, log, args.toArray(new String[0]));
    if (status != 0) {
      fail("javac --release " + release + " failed (status " + status + "):\n"
          + log.toString(StandardCharsets.UTF_8));
    }
  }

  /** Compiles {@code sources} with the javac of another JDK, in a forked process. */
  static void javac(Path jdkHome, List<Path> sources, int release, Path out)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(jdkHome.resolve("bin").resolve("javac").toString());
    command.addAll(javacArgs(sources, release, out));
    Run run = exec(command);
    if (run.exitCode() != 0) {
      fail("javac of " + jdkHome + " failed:\n" + run.describe());
    }
  }

  private static List<String> javacArgs(List<Path> sources, int release, Path out)
      throws IOException {
    Files.createDirectories(out);
    List<String> args = new ArrayList<>(List.of(
        "--release", Integer.toString(release), "-g", "-proc:none", "-nowarn",
        "-Xlint:-options", "-d", out.toString(),
        "-classpath", runtime() + File.pathSeparator + out));
    sources.forEach(s -> args.add(s.toString()));
    return args;
  }

  /**
   * Runs {@code mainClass} in a fresh JVM of {@code java} with the shipped agent and the given
   * agent options (none when null), on the class path of the runtime plus {@code classes}.
   */
  static Run runWithAgent(Path java, String agentOptions, Path classes, String mainClass,
      String... args) throws IOException, InterruptedException {
    String agent = "-javaagent:" + agentJar().toAbsolutePath()
        + (agentOptions == null ? "" : "=" + agentOptions);
    return runJava(java, List.of(agent), classes, mainClass, args);
  }

  /** Runs {@code mainClass} in a fresh JVM without any agent. */
  static Run runJava(Path java, List<String> jvmOptions, Path classes, String mainClass,
      String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(runtime() + File.pathSeparator + classes);
    command.add(mainClass);
    command.addAll(List.of(args));
    return exec(command);
  }

  /** Runs a command with a deadline, capturing stdout and stderr through files. */
  static Run exec(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("weft-it", ".out");
    Path err = Files.createTempFile("weft-it", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("Timed out after 60 s: " + String.join(" ", command) + "\n--- stdout\n"
            + Files.readString(out) + "--- stderr\n" + Files.readString(err));
      }
      return new Run(command, process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Reads the class-file major version of {@code classFile}. */
  static int majorVersion(Path classFile) throws IOException {
    byte[] bytes = Files.readAllBytes(classFile);
    return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
  }
}
