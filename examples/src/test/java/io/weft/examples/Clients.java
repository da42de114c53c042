package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clients Weft did not write, run as processes: {@code python3} and {@code curl} from the {@code
 * PATH}. A test that needs one is skipped on a machine without it. Every run is bounded in time
 * and its process is destroyed however the test ends.
 */
public final class Clients {
  private Clients() {}

  private static final long TIMEOUT_SECONDS = 60;

  /** The exit status and output of one run. */
  public record Output(int status, String stdout, String stderr) {
    /** Returns the output's lines. */
    public List<String> lines() {
      return stdout.lines().toList();
    }
  }

  /** Whether {@code command} runs here. */
  private static boolean available(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code python3 -c script args...}, skipping the test when there is no python3.
   *
   * @param script the program
   * @param args its {@code sys.argv[1:]}
   * @return what it printed; its status is 0
   */
  public static Output python(String script, String... args) throws Exception {
    assumeTrue(available("python3", "--version"), "python3 is not on the PATH");
    List<String> command = new ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    Output out = run(command);
    assertEquals(0, out.status(), "python3 failed: " + out);
    return out;
  }

  /**
   * Runs {@code curl args...}, skipping the test when there is no curl.
   *
   * @param args its arguments
   * @return what it printed; its status is 0
   */
  public static Output curl(String... args) throws Exception {
    assumeTrue(available("curl", "--version"), "curl is not on the PATH");
    List<String> command = new ArrayList<>(List.of("curl"));
    command.addAll(List.of(args));
    Output out = run(command);
    assertEquals(0, out.status(), "curl failed: " + out);
    return out;
  }

  private static Output run(List<String> command) throws Exception {
    Path stdout = Files.createTempFile("weft-client", ".out");
    Path stderr = Files.createTempFile("weft-client", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      process.getOutputStream().close();
      assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "did not end: " + command);
      return new Output(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
