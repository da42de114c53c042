package io.weft.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The write side of a TLS connection: what the application writes, encrypted and handed to the
 * transport below, with flow control at both ends. The "outgoing flow" and the two write-side
 * flow controls of Python's {@code sslproto.SSLProtocol} ({@code _write_appdata}, {@code
 * _do_write}, {@code _process_outgoing}, {@code _control_app_writing}, {@code pause_writing}).
 * (Not to be confused with {@link StreamWriter}, which writes to a transport like this one.)
 *
 * <pre>
 *  SslTransport.write ─▶ [backlog] ─▶ SslPipe.wrap ─▶ netOut ─▶ transport below .write
 *                         plaintext, until the         records, while the transport below
 *                         handshake is done            has paused us
 *
 *  signal                    when                                         effect
 *  pauseWriting from below   the TCP transport's buffer is over its mark  records wait in netOut
 *  resumeWriting from below  the TCP transport drained                    netOut is handed on
 *  app.pauseWriting()        netOut + backlog go over the high mark       the application stops
 *  app.resumeWriting()       netOut + backlog are down to the low mark    it goes on
 * </pre>
 *
 * The application's marks default to Python's: 512 KiB high, a quarter of it low.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslWriter {
  /** Python's {@code constants.FLOW_CONTROL_HIGH_WATER_SSL_WRITE}: 512 KiB. */
  static final int WRITE_HIGH_WATER = 512 * 1024;

  /** Python's {@code constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
  private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  private static final System.Logger LOG = System.getLogger("io.weft.net");

  private final SslProtocol ssl;

  /** Application data written before the handshake completed (Python's write backlog). */
  private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();

  private long backlogSize;

  /** Python's {@code _conn_lost}: lost, then a count of the writes dropped since. */
  private int connLost;

  /** The transport below asked us to stop: records stay in the pipe's netOut. */
  private boolean sslWritingPaused;

  /** We asked the application to stop. */
  private boolean appWritingPaused;

  private int outgoingHigh = WRITE_HIGH_WATER;
  private int outgoingLow = WRITE_HIGH_WATER / 4;

  /**
   * Creates the write side of {@code ssl}, through which it reaches the other parts, the state,
   * the transport below and the application's protocol (the last three change over the
   * connection's life).
   */
  SslWriter(SslProtocol ssl) {
    this.ssl = ssl;
  }

  /**
   * {@code write()} on the application transport: Python's {@code _write_appdata}. Encrypted at
   * once while the connection is wrapped and nothing waits ahead; kept in the backlog while the
   * handshake runs; dropped once the connection is closing or lost (with a warning after a
   * few). Consumes {@code data} in every case.
   */
  void write(ByteBuffer data) {
    SslProtocol.State state = ssl.state();
    if (!state.writable()) {
      if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        LOG.log(System.Logger.Level.WARNING, "SSL connection is closed");
      }
      connLost++;
      data.position(data.limit());
      return;
    }
    if (state == SslProtocol.State.WRAPPED && backlog.isEmpty()) {
      try {
        wrapAll(data); // the common case: encrypt straight from the caller's buffer
      } catch (SSLException e) {
        ssl.fatalSslError(e);
        return;
      }
      processOutgoing();
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    backlog.addLast(copy);
    backlogSize += copy.remaining();
    if (state == SslProtocol.State.WRAPPED) {
      try {
        doWrite();
      } catch (SSLException e) {
        ssl.fatalSslError(e);
      }
    }
  }

  /**
   * Encrypts the backlog, then hands the records on. Python's {@code _do_write}. With an empty
   * backlog this is {@link #processOutgoing()}, so callers need not ask which of the two
   * Python would call.
   */
  void doWrite() throws SSLException {
    ByteBuffer head;
    while ((head = backlog.peekFirst()) != null) {
      int before = head.remaining();
      wrapAll(head);
      backlogSize -= before;
      backlog.pollFirst();
    }
    processOutgoing();
  }

  /** Encrypts all of {@code src} into the pipe, handing the records on in large pieces. */
  private void wrapAll(ByteBuffer src) throws SSLException {
    while (src.hasRemaining()) {
      SSLEngineResult r = ssl.pipe.wrap(src);
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        src.position(src.limit()); // the peer closed TLS meanwhile: nothing more goes out
        return;
      }
      ssl.pipe.afterHandshakeStatus(r);
      if (!sslWritingPaused && ssl.pipe.outgoingSize() >= SslPipe.FLUSH_AT) {
        flushOutgoing();
      }
    }
  }

  /** Python's {@code _process_outgoing}: hand the TLS bytes on unless the transport is full. */
  void processOutgoing() {
    if (!sslWritingPaused) {
      flushOutgoing();
    }
    controlAppWriting();
  }

  /**
   * Hands the records to the transport below now, even while it has paused us: the shutdown's
   * close_notify goes before the close.
   */
  void flushOutgoing() {
    ssl.pipe.flushTo(ssl.transport());
  }

  /** The transport below is over its high-water mark: keep TLS bytes here. */
  void pauseWriting() {
    sslWritingPaused = true;
  }

  /** The transport below drained: hand it what waited. */
  void resumeWriting() {
    sslWritingPaused = false;
    processOutgoing();
  }

  /** The connection is lost: drops what waits, and counts the writes dropped from now on. */
  void connectionLost() {
    backlog.clear();
    backlogSize = 0;
    ssl.pipe.clearOutgoing();
    connLost++;
  }

  // ------------------------------------------------------------------ the application's marks

  /**
   * Python's {@code _control_app_writing}, with the plain transport's comparison: the
   * application is paused when the buffer goes over the high mark (Python pauses when it
   * reaches it, so a high mark of 0 would pause an empty buffer).
   */
  private void controlAppWriting() {
    long size = getWriteBufferSize();
    if (size > outgoingHigh && !appWritingPaused) {
      appWritingPaused = true;
      tellApp(true);
    } else if (size <= outgoingLow && appWritingPaused) {
      appWritingPaused = false;
      tellApp(false);
    }
  }

  /**
   * Calls the application's {@code pauseWriting()} or {@code resumeWriting()}. What it throws
   * goes to the loop's exception handler, as in Python, unless it must leave the loop.
   */
  private void tellApp(boolean pause) {
    try {
      if (pause) {
        ssl.appProtocol().pauseWriting();
      } else {
        ssl.appProtocol().resumeWriting();
      }
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      NetErrors.report(ssl.loop, pause ? "protocol.pauseWriting() failed"
          : "protocol.resumeWriting() failed", t, "transport", ssl.appTransport(), "protocol", ssl);
    }
  }

  /** The application-level buffer: TLS bytes held back plus plaintext not yet encrypted. */
  long getWriteBufferSize() {
    return ssl.pipe.outgoingSize() + backlogSize;
  }

  int outgoingHigh() {
    return outgoingHigh;
  }

  int outgoingLow() {
    return outgoingLow;
  }

  /** {@code setWriteBufferLimits(high, low)} on the application transport. */
  void setWriteBufferLimits(int high, int low) {
    NetErrors.checkWriteBufferLimits(high, low);
    outgoingHigh = high;
    outgoingLow = low;
    controlAppWriting();
  }
}
