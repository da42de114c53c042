package io.weft.examples.debugging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Stdout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The output docs/debugging.md shows, checked. Lines come from the sources' site markers. */
class DebuggingExamplesTest {
  @Test
  void asyncTracebackShowsEveryAwaitWithItsLine() {
    String printed = Stdout.capture(() -> AsyncTraceback.main(new String[0]));
    String at = "    at io.weft.examples.debugging.AsyncTraceback.";
    assertEquals("java.lang.NumberFormatException: For input string: \"forty-two\"\n"
        + at + "parse(AsyncTraceback.java:" + line("AsyncTraceback", "parse raises") + ")\n"
        + at + "load(AsyncTraceback.java:" + line("AsyncTraceback", "load awaits parse") + ")\n"
        + at + "main(AsyncTraceback.java:" + line("AsyncTraceback", "main awaits load") + ")\n",
        printed);
  }

  @Test
  void printCallGraphShowsTheTaskAndItsAwaiter() {
    String printed = Stdout.capture(() -> PrintCallGraph.main(new String[0]));
    String normalized = printed.replaceAll("id=0x[0-9a-f]+", "id=0x...")
        .replaceAll("Task-[0-9]+", "Task-N");
    assertEquals("* Task(name='test', id=0x...)\n"
        + "  + Call stack:\n"
        + "  |   File 'PrintCallGraph.java', line " + line("PrintCallGraph", "test prints its graph")
        + ", in async PrintCallGraph.test()\n"
        + "  + Awaited by:\n"
        + "    * Task(name='Task-N', id=0x...)\n"
        + "      + Call stack:\n"
        + "      |   File 'PrintCallGraph.java', line "
        + line("PrintCallGraph", "main awaits the group") + ", in async PrintCallGraph.main()\n",
        normalized);
  }

  private static int line(String className, String site) {
    Path source = Path.of("src/main/java/io/weft/examples/debugging/" + className + ".java");
    try {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).endsWith("// site: " + site)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no line marked '// site: " + site + "' in " + source);
  }
}
