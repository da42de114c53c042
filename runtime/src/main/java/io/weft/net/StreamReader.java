package io.weft.net;

import io.weft.Asyncio;
import io.weft.AsyncIterator;
import io.weft.Awaitable;
import io.weft.Coro;
import io.weft.Future;
import io.weft.IncompleteReadError;
import io.weft.LimitOverrunError;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The bytes received on a connection, read by coroutines: Python's {@code asyncio.StreamReader}.
 * {@link Asyncio#openConnection} and {@link Asyncio#startServer} make one per connection and
 * feed it through a {@link StreamReaderProtocol}.
 *
 * <pre>{@code
 * byte[] line = await(reader.readline());         // line = await reader.readline()
 * byte[] header = await(reader.readexactly(4));   // header = await reader.readexactly(4)
 * for (var it = reader; await(it.hasNext()); ) {  // async for line in reader:
 *     byte[] l = it.next();
 * }
 * }</pre>
 *
 * <h2>The limit</h2>
 *
 * The reader is built with a limit (64 KiB by default): the longest line {@link #readline()} and
 * {@link #readuntil} return, and half the buffer size at which the reader stops reading from the
 * transport (back-pressure on the peer) until a read takes the buffer back to the limit or below.
 * {@link #read(int)} and {@link #readexactly(int)} are not limited.
 *
 * <h2>Contract of every read</h2>
 *
 * <ul>
 *   <li><b>Suspends</b> only when the buffer does not hold what it needs and the stream has not
 *       ended; otherwise it returns without yielding to the loop.
 *   <li><b>Cancellation:</b> a cancellation point while it waits. A cancelled read consumes
 *       nothing: the bytes stay in the buffer for the next read, and the reader stays usable
 *       (for {@link #read()}, what it had gathered is put back; Python drops it).
 *   <li><b>One reader at a time:</b> a read that must wait while another coroutine waits on the
 *       same reader raises {@link IllegalStateException}, as Python's RuntimeError.
 *   <li><b>Errors:</b> once {@link #setException} was called (the connection failed), every read
 *       raises that exception, even when bytes are still buffered, as in Python.
 *   <li><b>Thread:</b> the loop's thread only.
 * </ul>
 *
 * <p>Argument errors ({@code readexactly(-1)}, an empty separator) are raised when the coroutine
 * is awaited, as Python raises them from its {@code async def}.
 */
public class StreamReader implements AsyncIterator<byte[]> {
  /** Python's {@code streams._DEFAULT_LIMIT}: 64 KiB. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] EMPTY = {};
  private static final byte[] NEWLINE = {'\n'};

  private final int limit;

  /** The buffered bytes are {@code buf[head, tail)}. */
  private byte[] buf = EMPTY;

  private int head;
  private int tail;

  private boolean eof;
  private Future<Void> waiter;
  private Throwable exception;
  private ReadTransport transport;
  private boolean paused;

  /** The line the last awaited {@link #hasNext()} read, for {@link #next()}. */
  private byte[] nextLine;

  /** Creates a reader with the default limit of 64 KiB. Python's {@code StreamReader()}. */
  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /**
   * Creates a reader. Python's {@code StreamReader(limit)}.
   *
   * @param limit the longest line, and half the buffer size at which reading pauses
   * @throws IllegalArgumentException {@code "Limit cannot be <= 0"}
   */
  public StreamReader(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
    }
    this.limit = limit;
  }

  // ------------------------------------------------------------------ the feeding side

  /**
   * Returns the exception set by {@link #setException}, or null. Python's {@code exception()}.
   *
   * @return the exception, or null
   */
  public Throwable exception() {
    return exception;
  }

  /**
   * Makes every later read raise {@code exc}, and wakes the read waiting, with it. Python's
   * {@code set_exception(exc)}; the protocol calls it when the connection fails.
   *
   * @param exc the exception. Not null.
   */
  public void setException(Throwable exc) {
    exception = Objects.requireNonNull(exc, "exc");
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.done()) {
        w.setException(exc);
      }
    }
  }

  /**
   * Gives the reader the transport to pause and resume for back-pressure. Python's {@code
   * set_transport(transport)}; the protocol calls it in {@code connectionMade}.
   *
   * @param transport the transport. Not null.
   * @throws IllegalStateException "Transport already set"
   */
  public void setTransport(ReadTransport transport) {
    if (this.transport != null) {
      throw new IllegalStateException("Transport already set");
    }
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * Points the reader at the transport that now carries the connection (the TLS transport after
   * {@link StreamWriter#startTls}), so that pausing reads pauses the layer it reads from.
   */
  void replaceTransport(ReadTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    paused = false; // startTls resumed the transport below
  }

  /**
   * Marks the end of the stream and wakes the read waiting. Python's {@code feed_eof()}.
   * Idempotent.
   */
  public void feedEof() {
    eof = true;
    wakeupWaiter();
  }

  /**
   * Returns whether the stream has ended and every byte was read. Python's {@code at_eof()}.
   *
   * @return true when {@link #feedEof()} was called and the buffer is empty
   */
  public boolean atEof() {
    return eof && head == tail;
  }

  /**
   * Appends bytes to the buffer and wakes the read waiting. Python's {@code feed_data(data)}.
   * When the buffer goes over twice the limit, the transport is paused.
   *
   * @param data the bytes; copied. Not null.
   * @throws IllegalStateException after {@link #feedEof()}
   */
  public void feedData(byte[] data) {
    feedData(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  /**
   * Appends the remaining bytes of {@code data} (consuming them) to the buffer, as {@link
   * #feedData(byte[])}.
   *
   * @param data the bytes between position and limit; copied. Not null.
   * @throws IllegalStateException after {@link #feedEof()}
   */
  public void feedData(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (eof) {
      throw new IllegalStateException("feedData() after feedEof(): the stream has ended");
    }
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    reserve(n);
    data.get(buf, tail, n);
    tail += n;
    wakeupWaiter();
    if (transport != null && !paused && tail - head > 2L * limit) {
      try {
        transport.pauseReading();
        paused = true;
      } catch (UnsupportedOperationException cannotPause) {
        transport = null; // buffer everything, as Python does with NotImplementedError
      }
    }
  }

  private void wakeupWaiter() {
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  /** Python's {@code _maybe_resume_transport}: the buffer is back to the limit or below. */
  private void maybeResumeTransport() {
    if (paused && tail - head <= limit) {
      paused = false;
      transport.resumeReading();
    }
  }

  // ------------------------------------------------------------------ the buffer

  private int size() {
    return tail - head;
  }

  /** Makes room for {@code n} more bytes at the tail. */
  private void reserve(int n) {
    if (buf.length - tail >= n) {
      return;
    }
    int size = tail - head;
    long needed = (long) size + n;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("StreamReader buffer too large: " + needed + " bytes");
    }
    if (needed <= buf.length / 2) {
      System.arraycopy(buf, head, buf, 0, size); // plenty of room once compacted
    } else {
      byte[] bigger = new byte[(int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L,
          Math.max(1024L, 2L * buf.length)))];
      System.arraycopy(buf, head, bigger, 0, size);
      buf = bigger;
    }
    head = 0;
    tail = size;
  }

  /** Removes and returns the first {@code n} buffered bytes. */
  private byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, head, head + n);
    head += n;
    if (head == tail) {
      head = tail = 0;
      if (buf.length > 4L * limit + SelectorSocketTransport.MAX_SIZE) {
        buf = EMPTY; // after a burst, do not keep a big array for an idle connection
      }
    }
    return out;
  }

  private byte[] takeAll() {
    return take(size());
  }

  /** Puts {@code bytes} back before the buffered ones (a cancelled read() returns its bytes). */
  private void unread(byte[] bytes) {
    int n = bytes.length;
    if (n == 0) {
      return;
    }
    int size = size();
    byte[] joined = new byte[Math.max(buf.length, n + size)];
    System.arraycopy(bytes, 0, joined, 0, n);
    System.arraycopy(buf, head, joined, n, size);
    buf = joined;
    head = 0;
    tail = n + size;
  }

  /** The index of {@code sep} in the buffer at or after {@code from} (relative), or -1. */
  private int find(byte[] sep, int from) {
    int last = tail - sep.length;
    byte first = sep[0];
    outer:
    for (int i = head + from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < sep.length; j++) {
        if (buf[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - head;
    }
    return -1;
  }

  private boolean startsWith(byte[] sep, int at) {
    if (size() - at < sep.length) {
      return false;
    }
    for (int j = 0; j < sep.length; j++) {
      if (buf[head + at + j] != sep[j]) {
        return false;
      }
    }
    return true;
  }

  private void clear() {
    head = tail = 0;
  }

  // ------------------------------------------------------------------ reads

  /**
   * Returns a coroutine that reads up to {@code n} bytes: Python's {@code read(n)}. With {@code
   * n > 0}, it returns as soon as at least one byte is buffered (up to {@code n} of them), or an
   * empty array at the end of the stream. {@code read(0)} returns an empty array at once; a
   * negative {@code n} reads to the end of the stream, as {@link #read()}.
   *
   * @param n the most bytes to return, or a negative number for all of them
   * @return the coroutine; it evaluates to the bytes (empty at EOF). See the class comment for
   *     suspension and cancellation.
   */
  public Coro<byte[]> read(int n) {
    return op(n < 0 ? ReadOp.READ_ALL : ReadOp.READ, n, null);
  }

  /**
   * Returns a coroutine that reads every byte up to the end of the stream. Python's {@code
   * read()} ({@code read(-1)}); the limit does not apply, and the transport is kept reading
   * (the bytes are gathered outside the buffer).
   *
   * @return the coroutine; it evaluates to all the bytes
   */
  public Coro<byte[]> read() {
    return read(-1);
  }

  /**
   * Returns a coroutine that reads one line, ending with {@code '\n'}. Python's {@code
   * readline()}. At the end of the stream it returns what is left without the newline, and then
   * empty arrays.
   *
   * @return the coroutine; it evaluates to the line, newline included
   * @throws IllegalArgumentException (when awaited) the line is longer than the limit (Python's
   *     ValueError): the line is dropped from the buffer, up to and including its newline when
   *     it was found, otherwise everything buffered. The cause is the {@link LimitOverrunError}.
   */
  public Coro<byte[]> readline() {
    return op(ReadOp.READLINE, 0, NEWLINE);
  }

  /**
   * Returns a coroutine that reads up to and including {@code '\n'}: {@code readuntil("\n")}.
   *
   * @return the coroutine
   */
  public Coro<byte[]> readuntil() {
    return readuntil(NEWLINE);
  }

  /**
   * Returns a coroutine that reads up to and including the first {@code separator}. Python's
   * {@code readuntil(separator)}.
   *
   * @param separator the separator; at least one byte (checked when awaited). Not null; copied.
   * @return the coroutine; it evaluates to the bytes, separator included
   * @throws LimitOverrunError (when awaited) the separator was not found within the limit, or was
   *     found past it; the bytes stay in the buffer, and {@link LimitOverrunError#consumed()}
   *     says how many to read to get past what was examined
   * @throws IncompleteReadError (when awaited) the stream ended before the separator; {@code
   *     partial()} holds every byte that was left, and the buffer is empty
   * @throws IllegalArgumentException (when awaited) "Separator should be at least one-byte
   *     string"
   */
  public Coro<byte[]> readuntil(byte[] separator) {
    return op(ReadOp.READUNTIL, 0, Objects.requireNonNull(separator, "separator").clone());
  }

  /**
   * Returns a coroutine that reads exactly {@code n} bytes. Python's {@code readexactly(n)}.
   * The limit does not apply.
   *
   * @param n the number of bytes; not negative (checked when awaited)
   * @return the coroutine; it evaluates to the {@code n} bytes
   * @throws IncompleteReadError (when awaited) the stream ended first; {@code partial()} holds
   *     the bytes that were left, and the buffer is empty
   * @throws IllegalArgumentException (when awaited) "readexactly size can not be less than zero"
   */
  public Coro<byte[]> readexactly(int n) {
    return op(ReadOp.READEXACTLY, n, null);
  }

  /**
   * Returns an awaitable that reads the next line: true when there is one for {@link #next()},
   * false at the end of the stream. Python's {@code __anext__} of {@code async for line in
   * reader}: {@link #readline()} until it returns an empty line.
   *
   * @return the awaitable; raises what readline raises
   */
  @Override
  public Awaitable<Boolean> hasNext() {
    return op(ReadOp.NEXT_LINE, 0, NEWLINE);
  }

  /**
   * Takes the line the last awaited {@link #hasNext()} read.
   *
   * @return the line, newline included (absent on the stream's last line if it had none)
   * @throws NoSuchElementException when no awaited hasNext() read one
   */
  @Override
  public byte[] next() {
    byte[] line = nextLine;
    if (line == null) {
      throw new NoSuchElementException("next() without an awaited hasNext() that returned true");
    }
    nextLine = null;
    return line;
  }

  @SuppressWarnings("unchecked")
  private <T> Coro<T> op(int kind, int n, byte[] separator) {
    return (Coro<T>) (Coro<?>) new ReadOp(this, kind, n, separator);
  }

  /** Returns {@code <StreamReader 4 bytes eof limit=123 waiter=... exception=... paused>}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<StreamReader");
    if (size() > 0) {
      s.append(' ').append(size()).append(" bytes");
    }
    if (eof) {
      s.append(" eof");
    }
    if (limit != DEFAULT_LIMIT) {
      s.append(" limit=").append(limit);
    }
    if (waiter != null) {
      s.append(" waiter=").append(waiter);
    }
    if (exception != null) {
      s.append(" exception=").append(exception);
    }
    if (transport != null) {
      s.append(" transport=").append(transport);
    }
    if (paused) {
      s.append(" paused");
    }
    return s.append('>').toString();
  }

  /**
   * Every read, as one hand-written coroutine: each try either completes from the buffer or
   * waits for data (Python's {@code _wait_for_data}) and tries again.
   *
   * <pre>
   *  label 0  first try: raise a set exception; check the arguments; complete or wait
   *  label 1  woken: try again (a set exception is raised instead of waiting again)
   *           raised (cancelled, or the exception set): leave the waiter, put back what
   *           read() gathered, re-raise
   * </pre>
   */
  private static final class ReadOp extends CoroFrame {
    static final int READ = 0;
    static final int READ_ALL = 1;
    static final int READLINE = 2;
    static final int READUNTIL = 3;
    static final int READEXACTLY = 4;
    static final int NEXT_LINE = 5;

    /** The answer of {@link #attempt} when the buffer does not hold enough yet. */
    private static final Object WAIT = new Object();

    private final StreamReader reader;
    private final int kind;
    private final int n;
    private final byte[] separator;
    private Future<Void> waiter;

    /** readuntil: the bytes already searched (Python's {@code offset}). */
    private int offset;

    /** read(): what was gathered so far. */
    private java.io.ByteArrayOutputStream gathered;

    ReadOp(StreamReader reader, int kind, int n, byte[] separator) {
      this.reader = reader;
      this.kind = kind;
      this.n = n;
      this.separator = separator;
    }

    @Override
    protected Object resume() {
      StreamReader r = reader;
      boolean first;
      switch (label) {
        case 0:
          resumeValue();
          first = true;
          break;
        case 1:
          Future<Void> w = waiter;
          waiter = null;
          try {
            resumeValue();
          } catch (Throwable t) {
            if (r.waiter == w) {
              r.waiter = null;
            }
            if (gathered != null) {
              r.unread(gathered.toByteArray());
              gathered = null;
            }
            throw t;
          }
          if (r.waiter == w) {
            r.waiter = null;
          }
          first = false;
          break;
        default:
          throw new IllegalStateException(name() + "() resumed at unknown label " + label);
      }
      Object result = attempt(first);
      if (result != WAIT) {
        return result;
      }
      if (!first && r.exception != null) {
        // Python would wait again here (its loops do not re-check); the exception was set
        // while the task was being woken, so no data will come: raise it instead of hanging
        throw NetErrors.sneaky(r.exception);
      }
      waiter = r.waitForData(name());
      value = waiter;
      label = 1;
      return Frame.AWAIT;
    }

    private String name() {
      switch (kind) {
        case READ:
        case READ_ALL:
          return "read";
        case READLINE:
        case NEXT_LINE:
          return "readline";
        case READUNTIL:
          return "readuntil";
        default:
          return "readexactly";
      }
    }

    /** One try: the result, or {@link #WAIT}. */
    private Object attempt(boolean first) {
      StreamReader r = reader;
      switch (kind) {
        case READ:
          if (first) {
            r.raiseException();
            if (n == 0) {
              return EMPTY;
            }
          }
          if (r.size() == 0 && !r.eof) {
            return WAIT;
          }
          byte[] data = r.take(Math.min(n, r.size()));
          r.maybeResumeTransport();
          return data;
        case READ_ALL:
          if (first) {
            r.raiseException();
          }
          // Python calls read(limit) until it returns nothing: the same, gathered here
          if (r.size() > 0) {
            if (gathered == null) {
              gathered = new java.io.ByteArrayOutputStream(Math.max(32, r.size()));
            }
            gathered.write(r.buf, r.head, r.size());
            r.clear();
            r.maybeResumeTransport();
          }
          if (!r.eof) {
            return WAIT;
          }
          byte[] all = gathered == null ? EMPTY : gathered.toByteArray();
          gathered = null;
          return all;
        case READEXACTLY:
          if (first) {
            if (n < 0) {
              throw new IllegalArgumentException("readexactly size can not be less than zero");
            }
            r.raiseException();
            if (n == 0) {
              return EMPTY;
            }
          }
          if (r.size() < n) {
            if (r.eof) {
              throw new IncompleteReadError(r.takeAll(), n);
            }
            return WAIT;
          }
          byte[] exact = r.take(n);
          r.maybeResumeTransport();
          return exact;
        case READUNTIL:
          if (first && separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
          }
          if (first) {
            r.raiseException();
          }
          return untilSeparator();
        case READLINE:
        case NEXT_LINE:
          if (first) {
            r.raiseException();
          }
          Object line;
          try {
            line = untilSeparator();
          } catch (IncompleteReadError e) {
            line = e.partial();
          } catch (LimitOverrunError e) {
            if (r.startsWith(separator, e.consumed())) {
              r.take(e.consumed() + separator.length);
            } else {
              r.clear();
            }
            r.maybeResumeTransport();
            throw new IllegalArgumentException(e.getMessage(), e);
          }
          if (line == WAIT || kind == READLINE) {
            return line;
          }
          byte[] l = (byte[]) line;
          if (l.length == 0) {
            return Boolean.FALSE; // Python's StopAsyncIteration
          }
          r.nextLine = l;
          return Boolean.TRUE;
        default:
          throw new IllegalStateException("unknown read kind " + kind);
      }
    }

    /** Python's {@code readuntil} loop body. */
    private Object untilSeparator() {
      StreamReader r = reader;
      int seplen = separator.length;
      int buflen = r.size();
      if (buflen - offset >= seplen) {
        int isep = r.find(separator, offset);
        if (isep != -1) {
          if (isep > r.limit) {
            throw new LimitOverrunError(
                "Separator is found, but chunk is longer than limit", isep);
          }
          byte[] chunk = r.take(isep + seplen);
          r.maybeResumeTransport();
          return chunk;
        }
        // the last seplen - 1 bytes may be the start of a separator: search them again
        offset = buflen + 1 - seplen;
        if (offset > r.limit) {
          throw new LimitOverrunError(
              "Separator is not found, and chunk exceed the limit", offset);
        }
      }
      // a complete separator may have arrived with the EOF: the buffer was searched first
      if (r.eof) {
        throw new IncompleteReadError(r.takeAll(), -1);
      }
      return WAIT;
    }

    @Override
    public StackTraceElement location() {
      return site(StreamReader.class.getName(), name(), "StreamReader.java", "");
    }
  }

  private void raiseException() {
    if (exception != null) {
      throw NetErrors.sneaky(exception);
    }
  }

  /**
   * Python's {@code _wait_for_data}: registers the waiter future, resuming a paused transport
   * first (waiting while paused would never end: {@code readexactly(n)} with {@code n} over the
   * limit needs more than the pause point).
   */
  private Future<Void> waitForData(String funcName) {
    if (waiter != null) {
      throw new IllegalStateException(funcName + "() called while another coroutine is already"
          + " waiting for incoming data: read a stream from one task at a time");
    }
    if (eof) {
      throw new IllegalStateException("waiting for data after EOF: " + this);
    }
    if (paused) {
      paused = false;
      transport.resumeReading();
    }
    Future<Void> w = Asyncio.getRunningLoop().createFuture();
    waiter = w;
    return w;
  }
}
