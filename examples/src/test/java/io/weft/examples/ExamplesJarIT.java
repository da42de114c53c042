package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static List<String> javaJarCommand(String... args) {
    return javaJarCommand(List.of(), args);
  }

  /** {@code java OPTIONS -jar weft-examples.jar ARGS}. */
  private static List<String> javaJarCommand(List<String> jvmOptions, String... args) {
    assertTrue(Files.isRegularFile(JAR), "missing " + JAR);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // douban-crawler prints Chinese titles: Java 17 writes System.out in the locale's charset
    command.add("-Dfile.encoding=UTF-8");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Run javaJar(String... args) throws IOException, InterruptedException {
    return javaJar(List.of(), args);
  }

  private static Run javaJar(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = javaJarCommand(jvmOptions, args);
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

  /**
   * The output with its real-time figures ("elapsed: 1.00 s"), identity hash codes ("id=0x1b6d3586")
   * and task numbers ("Task-12") replaced by {@code #}, for the examples that are not {@linkplain
   * Main.Example#repeatable() repeatable}.
   */
  private static String withoutFigures(String output) {
    return output.replaceAll("\\d+\\.\\d+", "#").replaceAll("0x[0-9a-f]+", "0x#")
        .replaceAll("Task-\\d+", "Task-#");
  }

  @TestFactory
  List<DynamicTest> everyExamplePrintsWhatItPrintsInProcess() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Main.Example example : Main.EXAMPLES) {
      if (example.kind() != Main.Kind.PROGRAM) {
        continue; // the clients and servers have tests of their own below
      }
      tests.add(
          DynamicTest.dynamicTest(
              example.name(),
              () -> {
                String expected = Stdout.capture(() -> example.main().accept(new String[0]));
                Run run = javaJar(example.name());
                assertEquals("", run.stderr(), "stderr of " + example.name());
                assertEquals(0, run.status());
                if (example.repeatable()) {
                  assertEquals(expected, run.stdout());
                } else {
                  assertEquals(withoutFigures(expected), withoutFigures(run.stdout()));
                }
              }));
    }
    return tests;
  }

  /** What an HTTP client example is pointed at: the local server, and its arguments for it. */
  private record LocalSite(HttpHandler handler, Function<HttpFixture, String[]> args) {}

  private static final Map<String, LocalSite> LOCAL_SITES =
      Map.of(
          "wget",
          new LocalSite(
              HttpFixture.seedSites(), s -> new String[] {"--connect-to", "127.0.0.1:" + s.port()}),
          "get-html",
          new LocalSite(HttpFixture.items(), HttpFixture::itemUrls),
          "douban-crawler",
          new LocalSite(HttpFixture.douban(0.05), s -> new String[] {s.url() + "/top250"}));

  /**
   * The output with the figures masked, the {@code Date} headers' values masked, and its lines
   * sorted: the clients fetch at once, so the lines of different responses interleave as the
   * network has it.
   */
  private static List<String> normalized(String output) {
    return withoutFigures(output)
        .replaceAll("Date: [^\n]*", "Date: #")
        .lines()
        .sorted()
        .toList();
  }

  @TestFactory
  List<DynamicTest> httpClientsPrintAgainstALocalServerWhatTheyPrintInProcess() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Main.Example example : Main.EXAMPLES) {
      if (example.kind() != Main.Kind.HTTP_CLIENT) {
        continue;
      }
      tests.add(
          DynamicTest.dynamicTest(
              example.name(),
              () -> {
                LocalSite site = LOCAL_SITES.get(example.name());
                assertNotNull(site, "no local site for " + example.name());
                try (HttpFixture server = HttpFixture.start(site.handler())) {
                  String[] args = site.args().apply(server);
                  String expected = Stdout.capture(() -> example.main().accept(args));
                  List<String> command = new ArrayList<>(List.of(example.name()));
                  command.addAll(List.of(args));
                  Run run = javaJar(command.toArray(String[]::new));
                  assertEquals("", run.stderr(), "stderr of " + example.name());
                  assertEquals(0, run.status());
                  assertFalse(expected.isEmpty());
                  assertEquals(normalized(expected), normalized(run.stdout()));
                }
              }));
    }
    return tests;
  }

  /** What talks to a server example started from the jar, given its port. */
  @FunctionalInterface
  private interface Talk {
    void to(int port) throws Exception;
  }

  /**
   * How a server example is run from the jar: its arguments (port 0 and a number of connections,
   * so that it stops by itself), what talks to it, and what it prints, client ports masked.
   */
  private record ServerSession(List<String> args, Talk talk, List<String> printed) {}

  private static final Map<String, ServerSession> SERVER_SESSIONS =
      Map.of(
          "echo-server",
          new ServerSession(
              List.of("0", "1"),
              port -> {
                try (LineClient client = new LineClient(port)) {
                  client.send("hello jar");
                  assertEquals("hello jar", client.read());
                }
              },
              List.of(
                  "Serving on 127.0.0.1:#",
                  "Connection from 127.0.0.1:#",
                  "Received \"hello jar\" from 127.0.0.1:#",
                  "Close the connection to 127.0.0.1:#")),
          "http-server",
          new ServerSession(
              List.of("0", "1"),
              port -> {
                try (LineClient client = new LineClient(port)) {
                  client.sendRaw("GET / HTTP/1.1\r\nHost: a\r\n\r\n"
                      + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                  StringBuilder responses = new StringBuilder();
                  for (String line = client.read(); line != null; line = client.read()) {
                    responses.append(line).append('\n');
                  }
                  assertEquals(2, responses.toString().split("Hello, World!", -1).length - 1,
                      responses.toString());
                }
              },
              List.of("Serving on 127.0.0.1:#", "127.0.0.1:#: 2 requests")),
          "chat-server",
          new ServerSession(
              List.of("0", "2"),
              port -> {
                try (LineClient alice = new LineClient(port);
                    LineClient bob = new LineClient(port)) {
                  alice.join("alice");
                  bob.join("bob");
                  assertEquals("* bob joined", alice.read());
                  alice.send("hi bob");
                  assertEquals("alice: hi bob", bob.read());
                  alice.send("/quit");
                  assertEquals("Bye!", alice.read());
                  assertEquals("* alice left", bob.read());
                }
              },
              List.of(
                  "Serving on 127.0.0.1:#",
                  "alice joined from 127.0.0.1:#",
                  "bob joined from 127.0.0.1:#",
                  "alice left",
                  "bob left")),
          "reuse-port",
          new ServerSession(
              List.of("0", "1", "1"),
              port -> {
                try (LineClient client = new LineClient(port)) {
                  client.sendRaw("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                  assertEquals("HTTP/1.1 200 OK", client.read());
                }
              },
              List.of(
                  "Serving on 127.0.0.1:# with 1 loop", "loop-1: 1 connection, 1 request")));

  /**
   * Starts each server example from the jar on port 0, reads the port from its first line, talks
   * to it, and checks that it stops by itself, having printed what it should.
   */
  @TestFactory
  List<DynamicTest> serversServeFromTheJarAndStopByThemselves() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Main.Example example : Main.EXAMPLES) {
      if (example.kind() != Main.Kind.SERVER) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(example.name(), () -> serve(example.name())));
    }
    return tests;
  }

  private static void serve(String name) throws Exception {
    ServerSession session = SERVER_SESSIONS.get(name);
    assertNotNull(session, "no session for " + name);
    List<String> args = new ArrayList<>(List.of(name));
    args.addAll(session.args());
    Path stderr = Files.createTempFile("weft-examples", ".err");
    Process process =
        new ProcessBuilder(javaJarCommand(args.toArray(String[]::new)))
            .redirectError(stderr.toFile())
            .start();
    try {
      List<String> lines = new ArrayList<>();
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            BufferedReader out =
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull(first, "it printed nothing");
            lines.add(first);
            Matcher m = Pattern.compile("Serving on 127\\.0\\.0\\.1:(\\d+).*").matcher(first);
            assertTrue(m.matches(), first);
            session.talk().to(Integer.parseInt(m.group(1)));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
              lines.add(line);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not stop");
          });
      assertEquals("", Files.readString(stderr, StandardCharsets.UTF_8));
      assertEquals(0, process.exitValue());
      List<String> masked =
          lines.stream().map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:#")).toList();
      assertEquals(session.printed(), masked);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }

  /** The agent jar the build made; the load-time example runs under it. */
  private static Path agentJar() {
    Path agent = Path.of(System.getProperty("weft.agent.jar"));
    assertTrue(Files.isRegularFile(agent), "missing " + agent + ": build the agent module first");
    return agent;
  }

  @Test
  void loadTimeRunsUnderTheAgentWhichWeavesOnlyWhatTheBuildLeftUnwoven() throws Exception {
    Run run = javaJar(List.of("-javaagent:" + agentJar() + "=log=true"), "load-time");
    assertEquals(0, run.status(), run.stderr());
    assertEquals(LoadTimeOutput.EXPECTED, run.stdout());
    // The agent logs each class it weaves: the load-time example's, and none of the classes
    // weft-maven-plugin wove already (they carry @Woven and pass through untouched).
    List<String> woven = run.stderr().lines().filter(l -> l.startsWith("[weft] woven ")).toList();
    assertTrue(woven.contains("[weft] woven io.weft.examples.loadtime.LoadTime"), run.stderr());
    for (String line : woven) {
      assertTrue(line.startsWith("[weft] woven io.weft.examples.loadtime."), line);
    }
  }

  @Test
  void loadTimeWithoutTheAgentFailsNamingTheCommandThatRunsIt() throws Exception {
    Run run = javaJar("load-time");
    assertEquals(1, run.status());
    assertEquals("", run.stdout());
    List<String> lines = run.stderr().lines().toList();
    assertEquals("load-time is woven at class load: run it with the agent,", lines.get(0));
    assertEquals(
        "  java -javaagent:agent/target/" + agentJar().getFileName()
            + " -jar examples/target/weft-examples.jar load-time",
        lines.get(1));
    assertTrue(lines.get(2).contains("LoadTime.squares"), lines.get(2));
    assertTrue(lines.get(2).contains("which was not woven"), lines.get(2));
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

  @Test
  void twoHellosRunOnTheMainThread() throws Exception {
    Run run = javaJar("two-hellos");
    assertEquals(
        new Run(
            0,
            """
            Hello world! (main)
            Hello world! (main)
            Hello again! (main)
            Hello again! (main)
            """,
            ""),
        run);
  }

  /**
   * Ctrl-C as a user presses it: SIGINT to the JVM while the three tasks sleep. The first line
   * is printed just before they start their 2 s sleeps, so the signal arrives long before they
   * could finish.
   */
  @Test
  void interruptCancelsTheTasksLeftOnCtrlC() throws Exception {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "sending SIGINT needs a POSIX system");
    Path stderr = Files.createTempFile("weft-examples", ".err");
    Process process =
        new ProcessBuilder(javaJarCommand("interrupt")).redirectError(stderr.toFile()).start();
    try {
      List<String> lines = new ArrayList<>();
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            BufferedReader out =
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            lines.add(out.readLine()); // the tasks have started
            Process kill =
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            assertTrue(kill.waitFor(60, TimeUnit.SECONDS), "kill did not finish");
            assertEquals(0, kill.exitValue(), "kill -INT " + process.pid());
            for (String line = out.readLine(); line != null; line = out.readLine()) {
              lines.add(line);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example did not end");
          });
      assertEquals("", Files.readString(stderr, StandardCharsets.UTF_8));
      assertEquals(0, process.exitValue(), "it catches KeyboardInterrupt and ends normally");
      assertEquals(6, lines.size(), lines.toString());
      assertEquals(
          List.of(
              "this is a test for async",
              "this is a test for async",
              "this is a test for async",
              "cancel task ==> true",
              "cancel task ==> true"),
          lines.subList(0, 5),
          "the task main was awaiting is cancelled with it; the other two are cancelled here");
      String elapsed = lines.get(5);
      assertTrue(elapsed.matches("elapsed: \\d+\\.\\d\\d s"), elapsed);
      double seconds = Double.parseDouble(elapsed.replaceAll("[^0-9.]", ""));
      assertTrue(seconds < 2.0, "interrupted before the 2 s sleeps ended: " + elapsed);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }
}
