package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server example running on a thread of its own while a test talks to it, with {@code
 * System.out} captured line by line: the port comes from the server's first line, {@code Serving
 * on HOST:PORT}. The server is expected to stop by itself (the examples take a number of
 * connections to serve); {@link #close()} stops a single-loop server that did not, restores
 * {@code System.out}, and never waits more than a few seconds.
 */
public final class ServerThread implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("Serving on .*:(\\d+)\\b.*");
  private static final long TIMEOUT_SECONDS = 30;

  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final PrintStream original = System.out;
  private final EventLoop loop;
  private final Thread thread;

  private ServerThread(EventLoop loop, Runnable body) {
    this.loop = loop;
    System.setOut(new PrintStream(new LineCollector(), true, StandardCharsets.UTF_8));
    thread =
        new Thread(
            () -> {
              try {
                body.run();
                ended.complete(null);
              } catch (Throwable t) {
                ended.completeExceptionally(t);
                port.completeExceptionally(t);
              }
            },
            "server-under-test");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code main} with {@code Asyncio.run} on a new thread.
   *
   * @param main the server's main coroutine
   * @return the running server
   */
  public static ServerThread start(Coro<?> main) {
    EventLoop loop = new EventLoop();
    return new ServerThread(loop, () -> Asyncio.run(main, null, () -> loop));
  }

  /**
   * Runs {@code body}, which runs a server on loops of its own, on a new thread.
   *
   * @param body the server
   * @return the running server
   */
  public static ServerThread start(Runnable body) {
    return new ServerThread(null, body);
  }

  /**
   * Waits for the server's {@code Serving on HOST:PORT} line and returns the port.
   *
   * @return the port it listens on
   */
  public int port() throws Exception {
    return get(port);
  }

  /**
   * Waits for the server to stop by itself, and returns everything it printed.
   *
   * @return its lines
   */
  public List<String> join() throws Exception {
    get(ended);
    return lines();
  }

  /** Returns what it printed so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Waits until the server printed a line for which {@code test} holds.
   *
   * @param test what the line says
   * @return the line
   */
  public String awaitLine(java.util.function.Predicate<String> test) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (test.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return fail("no such line in " + lines);
        }
        lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
  }

  private <T> T get(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the server failed; it printed " + lines(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the server did not get there; it printed " + lines(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (!ended.isDone() && loop != null) {
        try {
          loop.callSoonThreadsafe(loop::stop);
        } catch (IllegalStateException closedMeanwhile) {
          // it ended by itself after all
        }
      }
      thread.join(TimeUnit.SECONDS.toMillis(5));
      assertFalse(thread.isAlive() && loop != null, "the server did not stop");
    } finally {
      System.setOut(original);
    }
  }

  /** Splits what is printed into lines, and watches for the port. */
  private final class LineCollector extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
      line.reset();
      synchronized (lines) {
        lines.add(text);
        lines.notifyAll();
      }
      Matcher m = SERVING.matcher(text);
      if (m.matches()) {
        port.complete(Integer.parseInt(m.group(1)));
      }
    }
  }
}
