package io.weft.examples.generators;

import io.weft.Coroutine;
import io.weft.Generator;
import java.util.List;

/**
 * Generators chained like a Unix pipeline, {@code cat app.log | grep ERROR | cat -n}: each stage
 * pulls one line at a time from the stage before it, so no stage holds more than one line.
 * Prints:
 *
 * <pre>
 * 1: 09:01 ERROR disk /var is 95% full
 * 2: 09:03 ERROR GET /missing: not found
 * 3: 09:05 ERROR worker 3 crashed
 * </pre>
 *
 * <p>The Python it mirrors (David Beazley's "Generator Tricks for Systems Programmers"):
 *
 * <pre>
 * def read_lines(file):
 *     yield from file
 *
 * def grep(pattern, lines):
 *     for line in lines:
 *         if pattern in line:
 *             yield line
 *
 * def number(lines):
 *     for i, line in enumerate(lines, 1):
 *         yield f'{i}: {line}'
 *
 * for line in number(grep('ERROR', read_lines(LOG))):
 *     print(line)
 * </pre>
 */
public final class Pipeline {
  private Pipeline() {}

  /** The log the pipeline reads: an in-memory stand-in for a file. */
  static final List<String> LOG =
      List.of(
          "09:00 INFO  server started",
          "09:01 ERROR disk /var is 95% full",
          "09:02 INFO  GET /index.html",
          "09:03 ERROR GET /missing: not found",
          "09:04 INFO  GET /about.html",
          "09:05 ERROR worker 3 crashed");

  /**
   * Yields the lines of {@code file} one by one.
   *
   * @param file the lines
   * @return the generator
   */
  @Coroutine
  static Generator<String> readLines(List<String> file) {
    Generator.yieldFrom(file); // Python: yield from file
    return Generator.done();
  }

  /**
   * Yields the lines that contain {@code pattern}.
   *
   * @param pattern the text to look for
   * @param lines the lines to filter; typically the generator of the stage before
   * @return the generator
   */
  @Coroutine
  static Generator<String> grep(String pattern, Iterable<String> lines) {
    for (String line : lines) {
      if (line.contains(pattern)) {
        Generator.yield(line);
      }
    }
    return Generator.done();
  }

  /**
   * Yields each line prefixed with its number, counting from 1: Python's {@code enumerate(lines,
   * 1)}.
   *
   * @param lines the lines to number
   * @return the generator
   */
  @Coroutine
  static Generator<String> number(Iterable<String> lines) {
    int n = 0;
    for (String line : lines) {
      n++;
      Generator.yield(n + ": " + line);
    }
    return Generator.done();
  }

  /**
   * Prints the numbered ERROR lines of the log.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (String line : number(grep("ERROR", readLines(LOG)))) {
      System.out.println(line);
    }
  }
}
