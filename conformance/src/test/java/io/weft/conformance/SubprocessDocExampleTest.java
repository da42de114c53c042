package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.subprocess.Redirect.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.subprocess.Process;
import io.weft.subprocess.SubprocessOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of {@code docs/subprocess.md} with their printed output. The code between the
 * markers below must appear verbatim (less two spaces of indentation) in the doc, so the doc
 * cannot drift from what the code does (kotlinx Knit's rule).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessDocExampleTest {

  // ---- docs/subprocess.md communicate example begins
  @Coroutine
  static Coro<Void> runCommand(String cmd) {
    Process proc = await(createSubprocessShell(cmd,
        SubprocessOptions.defaults().withStdout(PIPE).withStderr(PIPE)));
    Process.Output out = await(proc.communicate());
    System.out.println("[" + cmd + " exited with " + proc.returncode() + "]");
    if (out.stdout().length > 0) {
      System.out.print("[stdout]\n" + new String(out.stdout(), UTF_8));
    }
    if (out.stderr().length > 0) {
      System.out.print("[stderr]\n" + new String(out.stderr(), UTF_8));
    }
    return done();
  }
  // ---- docs/subprocess.md communicate example ends

  // ---- docs/subprocess.md lines example begins
  @Coroutine
  static Coro<Void> printLines() {
    Process proc = await(createSubprocessExec("seq", List.of("3"),
        SubprocessOptions.defaults().withStdout(PIPE)));
    for (var it = proc.stdout(); await(it.hasNext()); ) { // async for line in proc.stdout
      System.out.print("got " + new String(it.next(), UTF_8));
    }
    int code = await(proc.await()); // Python's proc.wait()
    System.out.println("exit " + code);
    return done();
  }
  // ---- docs/subprocess.md lines example ends

  static String captured(Runnable body) {
    return StreamDocExampleTest.captured(body);
  }

  /** The communicate example prints what docs/subprocess.md says it prints. */
  @Test
  void theCommunicateExamplePrintsWhatTheDocSays() {
    String out = captured(() -> run(runCommand("echo hello; echo oops >&2; exit 3")));
    assertEquals(String.join(System.lineSeparator(),
        "[echo hello; echo oops >&2; exit 3 exited with 3]", "")
        + "[stdout]\nhello\n[stderr]\noops\n", out);
  }

  /** The lines example prints what docs/subprocess.md says it prints. */
  @Test
  void theLinesExamplePrintsWhatTheDocSays() {
    String out = captured(() -> run(printLines()));
    assertEquals("got 1\ngot 2\ngot 3\nexit 0" + System.lineSeparator(), out);
  }

  /** Each example's code appears verbatim in docs/subprocess.md. */
  @Test
  void theDocShowsTheCodeOfTheseExamples() throws IOException {
    String doc = Files.readString(Path.of("../docs/subprocess.md"));
    for (String name : List.of("communicate", "lines")) {
      String code = example(name);
      assertTrue(doc.contains(code), "docs/subprocess.md does not show the " + name
          + " example as the test runs it:\n" + code);
    }
  }

  /** The lines between this file's markers for {@code name}, without their first two spaces. */
  static String example(String name) {
    try {
      List<String> lines = Files.readAllLines(
          Path.of("src/test/java/io/weft/conformance/SubprocessDocExampleTest.java"));
      String begin = "// ---- docs/subprocess.md " + name + " example begins";
      String end = "// ---- docs/subprocess.md " + name + " example ends";
      StringBuilder code = new StringBuilder();
      boolean in = false;
      for (String line : lines) {
        if (line.trim().equals(end)) {
          return code.toString();
        }
        if (in) {
          code.append(line.length() >= 2 ? line.substring(2) : line).append('\n');
        }
        if (line.trim().equals(begin)) {
          in = true;
        }
      }
      throw new AssertionError("no " + name + " example markers");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
