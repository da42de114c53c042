package io.weft.net;

import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.internal.LoopInternals;
import io.weft.internal.OpenResources;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The transport of a TCP connection on a non-blocking {@link SocketChannel} watched by the loop's
 * selector: Python's {@code selector_events._SelectorSocketTransport}.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  state     closing  connLost  reader           meaning
 *  OPEN      false    0         registered*      reading and writing
 *  CLOSING   true     0         removed          close() with bytes buffered: flushing them
 *  LOST      true     &gt;= 1      removed          connectionLost is scheduled or has run
 *  (* unless paused, or after an EOF the protocol chose to keep half-open)
 *
 *  OPEN ─close()─▶ CLOSING ─buffer flushed─▶ LOST
 *  OPEN ─close() with an empty buffer, abort(), or an I/O or protocol error─▶ LOST
 *  CLOSING ─abort() or an I/O error─▶ LOST
 * </pre>
 *
 * The protocol's {@code connectionLost} runs exactly once, on a later loop iteration (through
 * {@code callSoon}), except when the flush of a closing transport finishes: then it runs from the
 * write callback, as in Python. The socket is closed right after it, and the server (if any) is
 * told the connection is gone.
 *
 * <h2>Writes</h2>
 *
 * With an empty buffer, {@code write} sends straight to the socket and buffers only the rest,
 * registering a writer callback; the callback flushes the buffer and unregisters itself when it is
 * empty. The protocol is paused when the buffer goes over the high-water mark and resumed when it
 * drains to the low one.
 *
 * <p><b>Coalescing</b> (not in Python). Only the transport's first write in a loop iteration goes
 * to the socket at once. A later write in the same iteration that finds the buffer empty is
 * <em>kept</em> in it, with the small writes after it, and the end of the iteration sends them in
 * one system call (a protocol answering sixteen pipelined requests in one callback makes two
 * writes, not sixteen). The kept bytes stay at or under {@link #KEEP_MAX} and the high-water mark,
 * so they never pause the protocol: a write that would take them over sends them at once, then is
 * treated as any write (kept when small, sent at once when not). While bytes are kept no writer
 * callback is registered; {@code getWriteBufferSize()} counts them. {@code close()}, {@code
 * writeEof()} and a {@code setWriteBufferLimits} under them send them at once, so that the
 * states above hold as in Python; {@code abort()} drops them.
 */
final class SelectorSocketTransport extends SelectorTransport<Protocol> implements Transport {
  /** The most one read takes: Python's {@code max_size} (256 KiB). */
  static final int MAX_SIZE = 256 * 1024;

  /**
   * One read buffer per loop thread, lent to each protocol's {@code dataReceived} for the length of
   * the call. Direct, so that the socket reads into it without a copy; shared, because callbacks
   * of one loop never run at the same time.
   */
  static final ThreadLocal<ByteBuffer> READ_BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_SIZE));

  /**
   * The most bytes kept for the end of an iteration. Bounded so that a writer filling the buffer
   * with large writes sends them as it goes, as in Python, and is paused only when the socket is
   * full; more than this would not save a system call worth having anyway.
   */
  static final int KEEP_MAX = 16 * 1024;

  /** The loop's iteration number and end-of-iteration queue. */
  private static final LoopInternals LOOP = LoopInternals.get();

  private final SocketChannel channel;
  private final Runnable readReady = this::readReady;
  private final Runnable writeReady = this::writeReady;
  private final Runnable iterationEnd = this::iterationEnd;
  private final WriteBuffer buffer = new WriteBuffer();

  /** The loop iteration of the last write that tried the socket at once. */
  private long triedIn = -1;

  /** The buffer holds only kept bytes, and no writer callback is registered. */
  private boolean kept;

  /** {@link #iterationEnd} is queued for the end of this iteration. */
  private boolean endQueued;

  private boolean protocolConnected;
  private Server server;
  private ByteBuffer readBuffer;

  private boolean paused;
  private boolean eof;
  private boolean readEofKeptOpen;

  /**
   * Wraps a connected non-blocking channel and schedules, in order: the protocol's {@code
   * connectionMade}, the start of reading, and {@code waiter}'s completion.
   *
   * @param waiter completed once connectionMade has run. May be null.
   * @param server the server that accepted the connection, or null for a client
   */
  SelectorSocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol,
      Future<Void> waiter, Server server) {
    super(loop, channel, protocol);
    this.channel = channel;
    try {
      extra.put("sockname", channel.getLocalAddress());
    } catch (IOException e) {
      extra.put("sockname", null);
    }
    try {
      extra.put("peername", channel.getRemoteAddress());
    } catch (IOException e) {
      extra.put("peername", null);
    }
    setProtocol(protocol);
    this.server = server;
    if (server != null) {
      server.attach(this);
    }
    try {
      // Python's _set_nodelay: small writes go out without waiting for the peer's ACK
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not a TCP socket, or already closed: the first read or write will tell
    }
    OpenResources.opened(loop, "transport", this, this::closeSocket); // debug mode only
    Protocol made = protocol;
    loop.callSoon(() -> made.connectionMade(this));
    loop.callSoon(this::startReading); // only after connectionMade, as Python
    if (waiter != null) {
      loop.callSoon(() -> {
        if (!waiter.done()) {
          waiter.setResult(null);
        }
      });
    }
  }

  // ------------------------------------------------------------------ base

  @Override
  public void setProtocol(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.protocolConnected = true;
  }

  // ------------------------------------------------------------------ reading

  @Override
  public boolean isReading() {
    return !closing && !paused;
  }

  @Override
  public void pauseReading() {
    if (!isReading()) {
      return;
    }
    paused = true;
    loop.removeReader(channel);
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " pauses reading");
    }
  }

  @Override
  public void resumeReading() {
    if (closing || !paused) {
      return;
    }
    paused = false;
    startReading();
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " resumes reading");
    }
  }

  private void startReading() {
    if (isReading() && !readEofKeptOpen) {
      loop.addReader(channel, readReady);
    }
  }

  /** Python's {@code _read_ready__data_received}: one read per readiness event. */
  private void readReady() {
    if (connLost != 0) {
      return;
    }
    ByteBuffer buf = readBuffer;
    if (buf == null) {
      buf = readBuffer = READ_BUFFERS.get();
    }
    buf.clear();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      fatalError(NetErrors.translate(e), "Fatal read error on socket transport");
      return;
    }
    if (n == 0) {
      return; // a spurious wake-up
    }
    if (n < 0) {
      readEof();
      return;
    }
    buf.flip();
    try {
      protocol.dataReceived(buf);
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      fatalError(t, "Fatal error: protocol.dataReceived() call failed.");
    }
  }

  /** Python's {@code _read_ready__on_eof}. */
  private void readEof() {
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " received EOF");
    }
    boolean keepOpen;
    try {
      keepOpen = protocol.eofReceived();
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      fatalError(t, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    if (keepOpen) {
      // The protocol may still write, but nothing more can be read: stop watching for it, and
      // do not start again on resumeReading().
      readEofKeptOpen = true;
      loop.removeReader(channel);
    } else {
      close();
    }
  }

  // ------------------------------------------------------------------ writing

  @Override
  public void write(byte[] data) {
    write(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (eof) {
      throw new IllegalStateException("Cannot call write() after writeEof()");
    }
    if (!data.hasRemaining()) {
      return;
    }
    if (connLost != 0) {
      if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        LOG.log(System.Logger.Level.WARNING, "socket.send() raised exception.");
      }
      connLost++;
      data.position(data.limit());
      return;
    }
    int n = data.remaining();
    if (kept) {
      if (buffer.size() + n <= keepLimit()) {
        buffer.add(data); // one more for the end of the iteration
        return;
      }
      sendKept(); // too much to keep: the kept bytes go first, then this write as any other
      if (connLost != 0) {
        return;
      }
    }
    if (buffer.isEmpty()) {
      long now = LOOP.iteration(loop);
      if (triedIn == now && n <= keepLimit()) {
        keep(data);
        return;
      }
      triedIn = now;
      // Python's "optimization: try to send now"
      try {
        writeNow(data);
      } catch (IOException e) {
        fatalError(NetErrors.translate(e), "Fatal write error on socket transport");
        return;
      }
      if (!data.hasRemaining()) {
        return;
      }
      loop.addWriter(channel, writeReady);
    }
    buffer.add(data);
    maybePauseProtocol();
  }

  /** The most bytes kept: {@link #KEEP_MAX}, or the high-water mark when it is lower. */
  private int keepLimit() {
    return Math.min(KEEP_MAX, highWater());
  }

  /** Keeps {@code data} (into the empty buffer) for the end of this iteration. */
  private void keep(ByteBuffer data) {
    buffer.add(data);
    kept = true;
    if (!endQueued) {
      endQueued = true;
      LOOP.atIterationEnd(loop, iterationEnd);
    }
  }

  /** The end of an iteration in which this transport kept bytes, unless they went already. */
  private void iterationEnd() {
    endQueued = false;
    if (kept) {
      sendKept();
    }
  }

  /**
   * Sends the kept bytes now. What the socket does not take stays buffered for the writer
   * callback, as any buffered bytes; an I/O error closes the transport, as in {@link #write}.
   */
  private void sendKept() {
    kept = false;
    try {
      buffer.flushTo(channel);
    } catch (IOException e) {
      buffer.clear();
      fatalError(NetErrors.translate(e), "Fatal write error on socket transport");
      return;
    }
    if (!buffer.isEmpty()) {
      loop.addWriter(channel, writeReady);
    }
  }

  /** Sends what the socket takes now, in slices of at most {@link WriteBuffer#MAX_WRITE}. */
  private void writeNow(ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      int want = data.isDirect() ? data.remaining()
          : Math.min(data.remaining(), WriteBuffer.MAX_WRITE);
      if (WriteBuffer.writeSlice(channel, data, want) < want) {
        return;
      }
    }
  }

  @Override
  public void writelines(Iterable<byte[]> data) {
    Objects.requireNonNull(data, "data");
    if (eof) {
      throw new IllegalStateException("Cannot call writelines() after writeEof()");
    }
    for (byte[] b : data) {
      write(b);
    }
  }

  /** Python's {@code _write_send}: the writer callback, registered while bytes are buffered. */
  private void writeReady() {
    if (connLost != 0) {
      return;
    }
    try {
      buffer.flushTo(channel);
    } catch (IOException e) {
      loop.removeWriter(channel);
      buffer.clear();
      fatalError(NetErrors.translate(e), "Fatal write error on socket transport");
      return;
    }
    maybeResumeProtocol(); // may write more
    if (buffer.isEmpty()) {
      loop.removeWriter(channel);
      if (closing) {
        connLost++;
        callConnectionLost(null);
      } else if (eof) {
        shutdownOutput();
      }
    }
  }

  @Override
  public void writeEof() {
    if (closing || eof) {
      return;
    }
    if (kept) {
      sendKept(); // the EOF waits for buffered bytes only through the writer callback
      if (connLost != 0) {
        return;
      }
    }
    eof = true;
    if (buffer.isEmpty()) {
      shutdownOutput();
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      // Python lets shutdown()'s OSError escape write_eof(); the connection is unusable anyway
      fatalError(NetErrors.translate(e), "Fatal error on shutting down the socket for writing");
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  /**
   * Sends the kept bytes first, so that a close waits for buffered bytes only through the writer
   * callback, as in Python.
   */
  @Override
  public void close() {
    if (kept) {
      sendKept();
    }
    super.close();
  }

  /** Sends the kept bytes first when they are over the new high-water mark: see the class. */
  @Override
  public void setWriteBufferLimits(int high, int low) {
    if (kept && buffer.size() > high) {
      sendKept();
    }
    super.setWriteBufferLimits(high, low);
  }

  // ------------------------------------------------------------------ the end

  /**
   * Python's {@code _fatal_error}: an I/O error is expected on a network (the peer reset) and
   * only logged in debug mode; anything else is a bug in a protocol and goes to the loop's
   * exception handler. Either way the transport closes at once with {@code exc}.
   */
  private void fatalError(Throwable exc, String message) {
    if (exc instanceof OSError) {
      if (loop.getDebug()) {
        LOG.log(System.Logger.Level.DEBUG, this + ": " + message, exc);
      }
    } else {
      NetErrors.report(loop, message, exc, "transport", this, "protocol", protocol);
    }
    forceClose(exc);
  }

  // ------------------------------------------------------------------ the base's hooks

  @Override
  boolean bufferEmpty() {
    return buffer.isEmpty();
  }

  @Override
  void clearBuffer() {
    buffer.clear();
    kept = false;
  }

  @Override
  long bufferSize() {
    return buffer.size();
  }

  @Override
  boolean protocolConnected() {
    return protocolConnected;
  }

  /** The accepted connection leaves its server's list. */
  @Override
  void lost() {
    Server s = server;
    server = null;
    if (s != null) {
      s.detach(this);
    }
  }

  /** Returns {@code <SelectorSocketTransport closing local->peer read=polling write=<...>>}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<SelectorSocketTransport");
    if (closed) {
      s.append(" closed");
    } else if (closing) {
      s.append(" closing");
    }
    s.append(' ').append(extra.get("sockname")).append("->").append(extra.get("peername"));
    if (!closed) {
      s.append(isReading() && !readEofKeptOpen ? " read=polling" : " read=idle");
      s.append(" write=<").append(buffer.isEmpty() ? "idle" : kept ? "kept" : "polling")
          .append(", bufsize=").append(buffer.size()).append('>');
    }
    return s.append('>').toString();
  }
}
