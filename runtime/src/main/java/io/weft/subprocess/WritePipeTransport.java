package io.weft.subprocess;

import io.weft.Asyncio;
import io.weft.EventLoop;
import io.weft.BrokenPipeError;
import io.weft.net.Protocol;
import io.weft.net.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The write end of the pipe to a child's stdin, as a transport: Python's {@code
 * unix_events._UnixWritePipeTransport} with a {@code WriteSubprocessPipeProto}. It is a {@link
 * Transport} so that a {@link io.weft.net.StreamWriter} can wrap it; the read side does nothing
 * (a pipe to the child has nothing to read).
 *
 * <p>A JDK pipe is a blocking {@link OutputStream}, so {@link #write} never touches it: it copies
 * the bytes onto a queue that a daemon thread of its own (the writer) empties into the pipe, 64
 * KiB at a time, reporting each slice written back to the loop with {@link
 * EventLoop#callSoonThreadsafe}. The bytes accepted by {@code write} and not yet written are the
 * write buffer: over the high-water mark (64 KiB) the protocol's {@code pauseWriting()} is
 * called, at the low one (16 KiB) {@code resumeWriting()}, so {@link
 * io.weft.net.StreamWriter#drain()} bounds a fast writer exactly as on a socket. The writer thread
 * is started by the first write (a stdin nobody writes costs no thread) and ends when the pipe is
 * closed, fails, or the child exits; its life is an outside wait of the loop (see {@link
 * ReadPipeTransport}).
 *
 * <p><b>End of the pipe.</b> {@link #close()} and {@link #writeEof()} close the pipe once the
 * queue is written. A write error ends it with the error ({@link BrokenPipeError} when the child
 * closed its stdin). When the child exits, the pipe ends at once, with a {@link BrokenPipeError}
 * if bytes were still unwritten (the JDK closes the pipe itself then), as Python's pipe transport
 * sees the reader's end close. In every case the protocol hears {@code pipeConnectionLost(0, exc)}
 * once, on a later loop iteration.
 *
 * <p><b>Thread:</b> every method but the writer's is for the loop's thread.
 */
final class WritePipeTransport implements Transport {
  private static final System.Logger LOG = System.getLogger("io.weft.subprocess");

  /** What the writer thread writes in one call, so that progress is reported as it goes. */
  static final int SLICE = 64 * 1024;

  /** Python's {@code constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
  private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  /** The queue's end marker: close the pipe. */
  private static final Object EOF = new Object();

  private final EventLoop loop;
  private final ProcessTransport owner;
  private final OutputStream out;
  private final String threadName;
  private Thread thread;

  // the loop's thread
  private long bufferSize;
  private int high = 64 * 1024;
  private int low = 16 * 1024;
  private boolean protocolPaused;
  private boolean closeCalled;
  private boolean lost;
  private int connLost;

  // shared with the writer thread
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;
  private final CompletableFuture<Void> writerEnded = new CompletableFuture<>();

  WritePipeTransport(EventLoop loop, ProcessTransport owner, OutputStream out,
      String threadName) {
    this.loop = loop;
    this.owner = owner;
    this.out = out;
    this.threadName = threadName;
  }

  // ---------------------------------------------------------------- the writer thread

  private void drainQueue() {
    try {
      while (true) {
        Object item = queue.poll();
        if (item == null) {
          if (stopped) {
            return;
          }
          LockSupport.park(this);
          continue;
        }
        if (stopped) {
          return;
        }
        if (item == EOF) {
          out.close();
          post(this::closedAfterFlush);
          return;
        }
        byte[] data = (byte[]) item;
        for (int off = 0; off < data.length; ) {
          int n = Math.min(SLICE, data.length - off);
          out.write(data, off, n);
          out.flush();
          off += n;
          if (stopped || !post(() -> written(n))) {
            return;
          }
        }
      }
    } catch (IOException e) {
      if (!stopped) {
        post(() -> failed(e));
      }
    } finally {
      closeQuietly();
      writerEnded.complete(null);
    }
  }

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
      out.close();
    } catch (IOException ignored) {
      // the pipe is being given up: nothing to report
    }
  }

  // ---------------------------------------------------------------- the loop's thread

  private void wakeWriter() {
    if (thread == null) {
      thread = new Thread(this::drainQueue, threadName);
      thread.setDaemon(true);
      Asyncio.wrapFuture(writerEnded, loop); // an outside wait until the writer ends
      thread.start();
    } else {
      LockSupport.unpark(thread);
    }
  }

  private void written(int n) {
    if (lost) {
      return;
    }
    bufferSize -= n;
    if (protocolPaused && bufferSize <= low) {
      protocolPaused = false;
      owner.pipeResumeWriting();
    }
  }

  private void closedAfterFlush() {
    connectionLost(null);
  }

  private void failed(IOException e) {
    connectionLost(SubprocessErrors.writeFailure(e));
  }

  /** The child exited: the JDK closed the pipe; unwritten bytes are lost. */
  void processExited() {
    if (lost) {
      return;
    }
    connectionLost(bufferSize > 0 ? new BrokenPipeError("the child process exited before"
        + " reading its stdin: " + bufferSize + " bytes were not written", null) : null);
  }

  /** Ends the pipe once: stops the writer and tells the owner on a later iteration. */
  private void connectionLost(Throwable exc) {
    if (lost) {
      return;
    }
    lost = true;
    stopped = true;
    queue.clear();
    bufferSize = 0;
    if (thread != null) {
      LockSupport.unpark(thread);
    } else {
      closeQuietly(); // nothing was ever written: closing cannot block
    }
    loop.callSoon(() -> owner.pipeConnectionLost(0, exc));
  }

  @Override
  public void write(byte[] data) {
    write(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (closeCalled && !lost) {
      throw new IllegalStateException("Cannot call write() after close() or writeEof() of the"
          + " child's stdin: write everything before closing it");
    }
    if (!data.hasRemaining()) {
      return;
    }
    if (lost) {
      // Python's pipe transport drops writes after the pipe ended; drain() reports it
      if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        LOG.log(System.Logger.Level.WARNING, "pipe closed by peer or write(pipe, data) raised"
            + " exception.");
      }
      connLost++;
      data.position(data.limit());
      return;
    }
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    bufferSize += copy.length;
    queue.add(copy);
    wakeWriter();
    if (!protocolPaused && bufferSize > high) {
      protocolPaused = true;
      owner.pipePauseWriting();
    }
  }

  @Override
  public void writelines(Iterable<byte[]> data) {
    Objects.requireNonNull(data, "data");
    for (byte[] d : data) {
      write(d);
    }
  }

  /** Closes the pipe once the buffer is written: for a pipe, the same as {@link #close()}. */
  @Override
  public void writeEof() {
    close();
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void abort() {
    closeCalled = true;
    connectionLost(null);
  }

  @Override
  public long getWriteBufferSize() {
    return bufferSize;
  }

  @Override
  public BufferLimits getWriteBufferLimits() {
    return new BufferLimits(low, high);
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    if (!(high >= low && low >= 0)) {
      throw new IllegalArgumentException(
          "high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
    this.high = high;
    this.low = low;
    if (!lost && !protocolPaused && bufferSize > high) {
      protocolPaused = true;
      owner.pipePauseWriting();
    }
  }

  @Override
  public Object getExtraInfo(String name, Object defaultValue) {
    return "pipe".equals(name) ? out : defaultValue;
  }

  @Override
  public boolean isClosing() {
    return closeCalled || lost;
  }

  /**
   * Closes the pipe once every byte written is in it; the protocol hears {@code
   * pipeConnectionLost(0, null)} then. Idempotent. Python's {@code close()} of a write pipe.
   */
  @Override
  public void close() {
    if (closeCalled || lost) {
      return;
    }
    closeCalled = true;
    if (thread == null) {
      connectionLost(null); // nothing was ever written
      return;
    }
    queue.add(EOF);
    LockSupport.unpark(thread);
  }

  /** A pipe to a child has no read side: false. */
  @Override
  public boolean isReading() {
    return false;
  }

  /** A pipe to a child has no read side: does nothing. */
  @Override
  public void pauseReading() {}

  /** A pipe to a child has no read side: does nothing. */
  @Override
  public void resumeReading() {}

  /**
   * Refused: the pipe reports to its process's protocol.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setProtocol(Protocol protocol) {
    throw new UnsupportedOperationException("the pipe to a child's stdin reports to its"
        + " process's protocol; it cannot be given another");
  }

  @Override
  public Protocol getProtocol() {
    return lost ? null : owner.protocol();
  }

  /** Returns {@code <WritePipeTransport fd=0 open|closing|closed bufsize=n>}. */
  @Override
  public String toString() {
    return "<WritePipeTransport fd=0 " + (lost ? "closed" : closeCalled ? "closing" : "open")
        + " bufsize=" + bufferSize + ">";
  }
}
