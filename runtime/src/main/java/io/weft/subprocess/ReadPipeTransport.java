package io.weft.subprocess;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.net.ReadTransport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The read end of a pipe from a child (its stdout or stderr), as a transport: Python's {@code
 * unix_events._UnixReadPipeTransport} with a {@code ReadSubprocessPipeProto}.
 *
 * <p>A JDK pipe is a blocking {@link InputStream}, not a selectable channel, so a daemon thread
 * of its own (the pump) reads it and hands each chunk to the loop with {@link
 * EventLoop#callSoonThreadsafe}. Two things bound what is held in memory, whatever the child
 * writes:
 *
 * <ul>
 *   <li><b>The reader's back-pressure.</b> The {@link io.weft.net.StreamReader} calls {@link
 *       #pauseReading()} when its buffer goes over twice its limit; the pump stops reading before
 *       its next read, so the child blocks on a full pipe, as it would under Python's {@code
 *       remove_reader}. {@link #resumeReading()} wakes it.
 *   <li><b>A window on the hand-over.</b> Chunks read but not yet delivered on the loop's thread
 *       (a busy loop) are counted; the pump waits while they reach {@link #WINDOW}. Without it a
 *       slow loop would let the thread-safe queue grow without bound before the reader ever saw
 *       the data to pause.
 * </ul>
 *
 * So the queue holds less than {@code WINDOW + CHUNK} bytes, and the reader at most {@code 2 *
 * limit + WINDOW + 2 * CHUNK} (what it held when it paused, plus what was on its way).
 *
 * <p><b>Races.</b> The flags {@code paused} and {@code stopped} are volatile and the count is
 * atomic; the pump re-checks all three before each blocking read and parks only while one of
 * them says wait. Every change of them on the loop's thread is followed by {@link
 * LockSupport#unpark}, which is remembered if it comes before the park, so no wake-up is lost.
 * Chunks and the end are posted from the one pump thread in order, and {@code callSoonThreadsafe}
 * keeps that order, so the EOF is always delivered after the last chunk.
 *
 * <p><b>Virtual time.</b> The pump's life is an outside wait of the loop: its end completes a
 * {@link CompletableFuture} the loop wraps ({@link Asyncio#wrapFuture}), which counts as an
 * outside wait until it completes, after the EOF was posted. So a virtual clock does not jump
 * while a child may still write.
 *
 * <p><b>Closing</b> ({@link #close()}) closes the stream from the loop's thread (closing a JDK
 * process stream does not block on a read in progress), so that the child's next writes fail
 * with {@code EPIPE}; a read the pump is blocked in ends with the child's next write or exit,
 * and what it read is dropped.
 *
 * <p><b>Thread:</b> every method but the pump's is for the loop's thread.
 */
final class ReadPipeTransport implements ReadTransport {
  /** Bytes the pump asks for per read: the most a Linux pipe holds by default. */
  static final int CHUNK = 64 * 1024;

  /** Bytes read and not yet delivered past which the pump waits for the loop. */
  static final long WINDOW = 2L * CHUNK;

  private final EventLoop loop;
  private final ProcessTransport owner;
  private final int fd;
  private final InputStream in;
  private final Thread thread;

  /** Loop thread: closed by us, or the pipe ended. */
  private boolean closing;

  /** Loop thread sets, pump reads: the reader asked for no more data. */
  private volatile boolean paused;

  /** Loop thread sets, pump reads: the transport was closed; the pump ends. */
  private volatile boolean stopped;

  /** Bytes read by the pump and not yet delivered on the loop's thread. */
  private final AtomicLong inFlight = new AtomicLong();

  /** Completed when the pump ends; the loop counts an outside wait until then. */
  private final CompletableFuture<Void> pumpEnded = new CompletableFuture<>();

  ReadPipeTransport(EventLoop loop, ProcessTransport owner, int fd, InputStream in,
      String threadName) {
    this.loop = loop;
    this.owner = owner;
    this.fd = fd;
    this.in = in;
    this.thread = new Thread(this::pump, threadName);
    this.thread.setDaemon(true);
  }

  /** Starts the pump; from here until it ends, the loop counts an outside wait. */
  void start() {
    Asyncio.wrapFuture(pumpEnded, loop);
    thread.start();
  }

  // ---------------------------------------------------------------- the pump thread

  private void pump() {
    byte[] buf = new byte[CHUNK];
    try {
      while (true) {
        while (!stopped && (paused || inFlight.get() >= WINDOW)) {
          LockSupport.park(this);
        }
        if (stopped) {
          return;
        }
        int n = in.read(buf, 0, CHUNK);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          continue;
        }
        byte[] data = Arrays.copyOf(buf, n);
        inFlight.addAndGet(n);
        if (!post(() -> delivered(data))) {
          return;
        }
      }
      post(() -> ended(null));
    } catch (IOException e) {
      if (!stopped) {
        post(() -> ended(e));
      }
    } finally {
      closeQuietly();
      pumpEnded.complete(null);
    }
  }

  /** Hands {@code r} to the loop; false when the loop is closed (nobody is left to tell). */
  private boolean post(Runnable r) {
    try {
      loop.callSoonThreadsafe(r);
      return true;
    } catch (IllegalStateException loopClosed) {
      stopped = true;
      return false;
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing a pipe we no longer read: nothing to report
    }
  }

  // ---------------------------------------------------------------- the loop's thread

  private void delivered(byte[] data) {
    inFlight.addAndGet(-data.length);
    LockSupport.unpark(thread); // it may wait on the window
    if (!closing) {
      owner.pipeDataReceived(fd, data);
    }
  }

  private void ended(IOException error) {
    if (closing) {
      return;
    }
    closing = true;
    owner.pipeConnectionLost(fd, error);
  }

  @Override
  public boolean isReading() {
    return !closing && !paused;
  }

  @Override
  public void pauseReading() {
    if (closing || paused) {
      return;
    }
    paused = true;
  }

  @Override
  public void resumeReading() {
    if (closing || !paused) {
      return;
    }
    paused = false;
    LockSupport.unpark(thread);
  }

  @Override
  public Object getExtraInfo(String name, Object defaultValue) {
    return "pipe".equals(name) ? in : defaultValue;
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  /**
   * Stops reading and closes the pipe; the protocol hears {@code pipeConnectionLost(fd, null)} on
   * a later iteration. Python's {@code close()} of a read pipe transport.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    stopped = true;
    LockSupport.unpark(thread);
    closeQuietly();
    loop.callSoon(() -> owner.pipeConnectionLost(fd, null));
  }

  /** Returns {@code <ReadPipeTransport fd=1 reading|paused|closed>}. */
  @Override
  public String toString() {
    return "<ReadPipeTransport fd=" + fd
        + (closing ? " closed" : paused ? " paused" : " reading") + ">";
  }
}
