package io.weft.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what code prints to {@code System.out}, so a test can assert an example's output. */
public final class Stdout {
  private Stdout() {}

  /**
   * Runs {@code body} with {@code System.out} redirected, then restores it.
   *
   * @param body the code to run
   * @return what it printed, with line separators normalized to {@code \n}
   */
  public static synchronized String capture(Runnable body) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      body.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
