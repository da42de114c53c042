package io.weft.net;

import io.weft.CancelledError;
import io.weft.ConnectionResetError;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.TimeoutError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * TLS over a plain transport: the protocol of the TCP transport, and the owner of the {@link
 * SslTransport} the application's protocol sees. Python's {@code asyncio.sslproto.SSLProtocol},
 * built on a {@link SSLEngine} where Python uses an {@code ssl.SSLObject} over two memory BIOs.
 * This class is the state machine: the states, the callbacks from the transport below that move
 * them, what the application protocol has been told, aborts and fatal errors. Each of Python's
 * four flows, and the engine with its buffers, is a class of its own that this one owns.
 *
 * <pre>
 *   application protocol  ◀── dataReceived / connectionMade / eofReceived / connectionLost ──┐
 *        │ write, close                                                                       │
 *        ▼                                                                                    │
 *   SslTransport ──▶ SslWriter: pipe.wrap ──▶ netOut ──▶ TCP transport.write                  │
 *                     SslProtocol.dataReceived ◀── TCP transport (its protocol is this)       │
 *                        ▶ inbox ▶ SslReader: pipe.unwrap ▶ appIn ────────────────────────────┘
 *
 *  file          concept                                                Python (sslproto.py)
 *  SslProtocol   the states; callbacks from below; the application's    SSLProtocol
 *                connection state; aborts and fatal errors
 *  SslHandshake  the handshake, its alert on failure                    "Handshake flow"
 *  SslShutdown   flushing, close_notify both ways                       "Shutdown flow"
 *  SslWriter     application data to records; write-side flow control   "Outgoing flow"
 *  SslReader     records to application data; read-side flow control   "Incoming flow"
 *  SslPipe       the SSLEngine and its buffers; delegated tasks         SSLObject, MemoryBIOs
 *  SslPhase      what the two phases share: the connection, a timer     _*_timeout_handle
 *  SslTransport  the transport the application sees                    _SSLProtocolTransport
 * </pre>
 *
 * <h2>States</h2>
 *
 * <pre>
 *  state         meaning                                   next
 *  UNWRAPPED     not started, failed, aborted or lost      DO_HANDSHAKE (connectionMade)
 *  DO_HANDSHAKE  handshake running, timer armed            WRAPPED | UNWRAPPED (failure, close)
 *  WRAPPED       application data flows both ways          FLUSHING (close(), close_notify, EOF)
 *  FLUSHING      delivering what is left to read           SHUTDOWN
 *  SHUTDOWN      close_notify sent, waiting for the peer's UNWRAPPED (TCP closed, then lost)
 *
 *  application protocol: INIT ─connectionMade─▶ CON_MADE ─eofReceived─▶ EOF ─▶ CON_LOST
 * </pre>
 *
 * The handshake and shutdown timers run on the loop's clock ({@link EventLoop#callLater}).
 * A handshake failure closes the TCP connection and fails the waiter (what {@code
 * createConnection} awaits) with an {@link SSLError}; the application protocol never hears of
 * the connection. After the handshake, {@code connectionLost} reaches the application protocol
 * exactly once, on a later loop iteration, as with a plain transport.
 *
 * <p>The handshake's slow steps run inline on the loop's thread: {@link SslPipe} says why. The
 * application may call back into the transport from inside its callbacks: {@link SslReader}
 * says how the read loop copes.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslProtocol implements Protocol {
  private static final System.Logger LOG = System.getLogger("io.weft.net");

  /** Python's {@code SSLProtocolState}. */
  enum State {
    UNWRAPPED,
    DO_HANDSHAKE,
    WRAPPED,
    FLUSHING,
    SHUTDOWN;

    /**
     * Whether the application's writes are taken: kept in the backlog while the handshake runs,
     * encrypted once wrapped. In the other states they are dropped, and a close starts nothing.
     */
    boolean writable() {
      return this == DO_HANDSHAKE || this == WRAPPED;
    }

    /** Whether decrypted data still reaches the application: wrapped, or flushing what is left. */
    boolean readable() {
      return this == WRAPPED || this == FLUSHING;
    }
  }

  /** Python's {@code AppProtocolState}: what the application protocol has been told. */
  private enum AppState {
    INIT,
    CON_MADE,
    EOF,
    CON_LOST
  }

  // What the parts use of each other: fixed for the connection's life, so plain fields. The
  // state, the transport below and the application's protocol change, so they go through methods.

  /** The loop the connection runs on. */
  final EventLoop loop;

  /** The engine and its buffers. */
  final SslPipe pipe;

  /** The write side: application data to records, and its flow control. */
  final SslWriter writer;

  /** The read side: records to application data, and its flow control. */
  final SslReader reader;

  private final SslHandshake handshake;
  private final SslShutdown shutdown;
  private final SslTransport appTransport;
  private final boolean serverSide;
  private final boolean callConnectionMade;
  private final Map<String, Object> extra = new HashMap<>();

  private Protocol app;
  private Future<Void> waiter;

  /** The TCP transport (or any transport TLS runs over); null once lost. */
  private Transport transport;

  private State state = State.UNWRAPPED;
  private AppState appState;

  /** What an abort of ours closes the transport with (Python's {@code _force_close(exc)}). */
  private Throwable closeReason;

  private boolean aborted;

  /**
   * Creates the protocol and its application transport. The handshake starts when the
   * transport below calls {@link #connectionMade}.
   *
   * @param loop the loop the connection runs on
   * @param app the application's protocol
   * @param context the TLS context
   * @param waiter completed when the handshake is done and the application protocol connected,
   *     or failed with the handshake's error. May be null.
   * @param serverSide whether this is the server end
   * @param serverHostname the name to verify and send as SNI (client); null or empty for none
   * @param port the peer's port, a hint for session resumption; -1 when unknown
   * @param handshakeTimeout seconds the handshake may take; infinity for no limit
   * @param shutdownTimeout seconds the shutdown may wait for the peer; infinity for no limit
   * @param callConnectionMade false for {@code startTls}: the application protocol is already
   *     connected and is not told again
   */
  SslProtocol(EventLoop loop, Protocol app, SSLContext context, Future<Void> waiter,
      boolean serverSide, String serverHostname, int port, double handshakeTimeout,
      double shutdownTimeout, boolean callConnectionMade) {
    this.handshake = new SslHandshake(this, handshakeTimeout); // checks the timeouts first
    this.shutdown = new SslShutdown(this, shutdownTimeout);
    this.loop = Objects.requireNonNull(loop, "loop");
    this.app = Objects.requireNonNull(app, "protocol");
    Objects.requireNonNull(context, "ssl: give an SSLContext");
    this.waiter = waiter;
    this.serverSide = serverSide;
    this.callConnectionMade = callConnectionMade;
    this.appState = callConnectionMade ? AppState.INIT : AppState.CON_MADE;
    // each part keeps only this protocol and reaches the others through its final fields, so
    // the order below matters to none of them: none calls another before connectionMade
    this.pipe = new SslPipe(context, serverSide, serverHostname, port);
    this.writer = new SslWriter(this);
    this.reader = new SslReader(this);
    this.appTransport = new SslTransport(this);
    extra.put("sslcontext", context);
  }

  /** The transport the application's protocol sees. */
  SslTransport appTransport() {
    return appTransport;
  }

  /** The application's protocol: what {@code setProtocol} on the application transport set. */
  Protocol appProtocol() {
    return app;
  }

  void setAppProtocol(Protocol protocol) {
    this.app = Objects.requireNonNull(protocol, "protocol");
  }

  /** The transport below; null before {@link #connectionMade} and once lost. */
  Transport transport() {
    return transport;
  }

  State state() {
    return state;
  }

  /**
   * Moves to {@code next}, which must follow the current state in the class comment's table
   * (any state may fall back to {@code UNWRAPPED}).
   *
   * @throws IllegalStateException on any other move: a bug here, not the peer's doing
   */
  void setState(State next) {
    boolean allowed = next == State.UNWRAPPED
        || (state == State.UNWRAPPED && next == State.DO_HANDSHAKE)
        || (state == State.DO_HANDSHAKE && next == State.WRAPPED)
        || (state == State.WRAPPED && next == State.FLUSHING)
        || (state == State.FLUSHING && next == State.SHUTDOWN);
    if (!allowed) {
      throw new IllegalStateException("cannot switch TLS state from " + state + " to " + next);
    }
    state = next;
  }

  /** The TLS names first (see {@link SslTransport}), then the transport below's. */
  Object getExtraInfo(String name, Object defaultValue) {
    if (extra.containsKey(name)) {
      return extra.get(name);
    }
    Transport t = transport;
    return t != null ? t.getExtraInfo(name, defaultValue) : defaultValue;
  }

  // ------------------------------------------------------------------ the transport below

  /** Starts the handshake. Python's {@code connection_made}. */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    handshake.start();
  }

  /**
   * The connection below is gone: the application protocol is told (on a later iteration) if
   * it was connected, the waiter fails if the handshake was running. Python's {@code
   * connection_lost}.
   */
  @Override
  public void connectionLost(Throwable exc) {
    if (exc == null) {
      exc = closeReason;
    }
    boolean inHandshake = state == State.DO_HANDSHAKE;
    writer.connectionLost();
    appTransport.markClosed();
    // Python tells the application only after the handshake; a protocol upgraded by startTls
    // was connected before it, so it hears of the loss even when the handshake did not finish
    // (otherwise a stream's waitClosed() would wait forever after a cancelled upgrade)
    boolean told = !inHandshake || !callConnectionMade;
    if (told && (appState == AppState.CON_MADE || appState == AppState.EOF)) {
      appState = AppState.CON_LOST;
      Protocol p = app;
      Throwable e = exc;
      loop.callSoon(() -> p.connectionLost(e));
    }
    state = State.UNWRAPPED;
    transport = null;
    if (!handshake.completed() && exc == null) {
      // Python completes the waiter with None here and hands out a dead transport; name it
      exc = new ConnectionResetError("Connection lost during the TLS handshake");
    }
    wakeupWaiter(exc);
    handshake.cancelTimer();
    shutdown.cancelTimer();
  }

  /** Encrypted bytes arrived: feed them to the engine. Python's {@code buffer_updated}. */
  @Override
  public void dataReceived(ByteBuffer data) {
    pipe.beginReceive(data);
    try {
      if (state == State.DO_HANDSHAKE) {
        handshake.step();
      } else {
        processIncoming();
      }
    } finally {
      pipe.endReceive(data, state != State.UNWRAPPED);
    }
  }

  /**
   * Goes on with what the bytes received allow after the handshake: read while wrapped, finish
   * reading while flushing, wait for close_notify while shutting down; nothing once lost or
   * aborted. Python's {@code buffer_updated}, and the callback of {@code _resume_reading}.
   */
  void processIncoming() {
    switch (state) {
      case WRAPPED:
        reader.doRead();
        break;
      case FLUSHING:
        shutdown.flush();
        break;
      case SHUTDOWN:
        shutdown.step();
        break;
      default:
        break; // not started, lost or aborted: nothing reads any more
    }
  }

  /**
   * The peer closed its side of the TCP connection. During the handshake this fails it; after
   * it, the rest is read and the connection shut down. Python's {@code eof_received}.
   *
   * @return true only while the application has paused reading, to keep the connection open
   *     until it has read what is left
   */
  @Override
  public boolean eofReceived() {
    shutdown.eofReceived();
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " received EOF");
    }
    try {
      switch (state) {
        case DO_HANDSHAKE:
          handshake.complete(
              new ConnectionResetError("the peer closed the connection during the TLS handshake"));
          break;
        case WRAPPED:
          setState(State.FLUSHING);
          if (reader.isAppReadingPaused()) {
            return true;
          }
          shutdown.flush();
          break;
        case FLUSHING:
          try {
            writer.doWrite();
          } catch (SSLException e) {
            fatalSslError(e);
            break;
          }
          setState(State.SHUTDOWN);
          shutdown.step();
          break;
        case SHUTDOWN:
          shutdown.step();
          break;
        default:
          break;
      }
    } catch (RuntimeException | Error e) {
      Transport t = transport;
      if (t != null) {
        t.close();
      }
      throw e;
    }
    return false;
  }

  /** The transport below is over its high-water mark: keep TLS bytes here. */
  @Override
  public void pauseWriting() {
    writer.pauseWriting();
  }

  /** The transport below drained: hand it what waited. */
  @Override
  public void resumeWriting() {
    writer.resumeWriting();
  }

  // ------------------------------------------------------------------ the application

  /**
   * The handshake succeeded: records the session's extra info and connects the application
   * protocol, unless {@code startTls} connected it before.
   */
  void connectApp() {
    pipe.putSessionInfo(extra);
    if (appState == AppState.INIT) {
      appState = AppState.CON_MADE;
      app.connectionMade(appTransport);
    }
  }

  /** Completes the waiter, with {@code exc} when not null; only the first call counts. */
  void wakeupWaiter(Throwable exc) {
    Future<Void> w = waiter;
    if (w == null) {
      return;
    }
    waiter = null;
    if (!w.done()) {
      if (exc != null) {
        w.setException(exc);
      } else {
        w.setResult(null);
      }
    }
  }

  /** Tells the application the peer will send no more. Python's {@code _call_eof_received}. */
  void callEofReceived() {
    if (appState != AppState.CON_MADE) {
      return;
    }
    appState = AppState.EOF;
    try {
      if (app.eofReceived()) {
        LOG.log(System.Logger.Level.WARNING,
            "returning true from eofReceived() has no effect when using ssl");
      }
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      fatalError(t, "Error calling eofReceived()");
    }
  }

  /** {@code close()} on the application transport, or the peer's close_notify. */
  void startShutdown() {
    shutdown.start();
  }

  /** {@code abort()} on the application transport, or an abort with an error of ours. */
  void abort(Throwable exc) {
    setState(State.UNWRAPPED);
    Transport t = transport;
    if (t != null && !aborted) {
      aborted = true;
      closeReason = exc; // connectionLost gets it: the transport below reports null for abort()
      t.abort();
    }
  }

  // ------------------------------------------------------------------ errors

  /**
   * Python's {@code _fatal_error}: aborts the transport with {@code exc}; a network error
   * ({@link IOException}, {@link UncheckedIOException}: Python's {@code OSError}) is only
   * logged in debug mode, anything else goes to the loop's exception handler.
   */
  void fatalError(Throwable exc, String message) {
    Transport t = transport;
    abort(exc);
    if (exc instanceof IOException || exc instanceof UncheckedIOException
        || exc instanceof TimeoutError) {
      if (loop.getDebug()) {
        LOG.log(System.Logger.Level.DEBUG, this + ": " + message, exc);
      }
    } else if (!(exc instanceof CancelledError)) {
      NetErrors.report(loop, message, exc, "transport", t, "protocol", this);
    }
  }

  /** {@link #fatalError} for the engine's failure while reading or writing application data. */
  void fatalSslError(SSLException e) {
    fatalError(SSLError.of(e), "Fatal error on SSL protocol");
  }

  /** Returns {@code <SslProtocol server|client STATE over <transport>>}. */
  @Override
  public String toString() {
    return "<SslProtocol " + (serverSide ? "server " : "client ") + state + " over " + transport
        + ">";
  }
}
