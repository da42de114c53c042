package io.weft.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds lines of this module's test sources by a trailing {@code // site: name} marker, so that
 * tests asserting source lines (stack traces, call graphs) survive edits above them.
 */
final class Sources {
  private Sources() {}

  /**
   * Returns the line of {@code src/test/java/io/weft/conformance/<file>} that ends with {@code //
   * site: <site>}.
   *
   * @param file the file name, e.g. {@code "GraphTest.java"}
   * @param site the marker's name
   * @return the 1-based line number
   */
  static int lineOf(String file, String site) {
    Path source = Path.of("src/test/java/io/weft/conformance/" + file);
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
