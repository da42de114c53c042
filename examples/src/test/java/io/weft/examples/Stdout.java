package io.weft.examples;

import io.weft.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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

  /**
   * Runs {@code body} with {@code System.out} redirected, and stamps every line it prints with
   * the time on {@code loop}'s clock when the line began: {@code "t=1.0 Hello again!"}. On a
   * virtual clock the stamps are exact, so a test can assert when each line was printed.
   *
   * @param loop the loop whose {@link EventLoop#time()} stamps the lines
   * @param body the code to run
   * @return the lines, each as {@code "t=" + time (one decimal) + " " + line}
   */
  public static synchronized List<String> captureTimed(EventLoop loop, Runnable body) {
    double origin = loop.time();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    OutputStream stamping =
        new OutputStream() {
          private boolean lineStart = true;

          @Override
          public void write(int b) {
            if (lineStart) {
              String stamp = String.format(Locale.ROOT, "t=%.1f ", loop.time() - origin);
              buffer.writeBytes(stamp.getBytes(StandardCharsets.UTF_8));
              lineStart = false;
            }
            buffer.write(b);
            lineStart = b == '\n';
          }
        };
    PrintStream original = System.out;
    try (PrintStream capture = new PrintStream(stamping, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      body.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8).replace("\r", "").lines().toList();
  }
}
