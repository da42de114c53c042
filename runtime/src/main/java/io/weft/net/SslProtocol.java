package io.weft.net;

import io.weft.CancelledError;
import io.weft.ConnectionAbortedError;
import io.weft.ConnectionResetError;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.TimeoutError;
import io.weft.TimerHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a plain transport: the protocol of the TCP transport, and the owner of the {@link
 * SslTransport} the application's protocol sees. Python's {@code asyncio.sslproto.SSLProtocol},
 * built on a {@link SSLEngine} where Python uses an {@code ssl.SSLObject} over two memory BIOs.
 *
 * <pre>
 *   application protocol  ◀── dataReceived / connectionMade / eofReceived / connectionLost ──┐
 *        │ write, close                                                                       │
 *        ▼                                                                                    │
 *   SslTransport ──▶ SslProtocol: engine.wrap ──▶ netOut ──▶ TCP transport.write              │
 *                     SslProtocol.dataReceived ◀── TCP transport (its protocol is this)       │
 *                        ▶ inbox ▶ engine.unwrap ▶ appIn ─────────────────────────────────────┘
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
 * <h2>Delegated tasks run inline</h2>
 *
 * {@link SSLEngine#getDelegatedTask()} hands out the handshake's slow steps (signature checks,
 * key agreement, certificate path validation). They run here, on the loop's thread, as CPython
 * runs OpenSSL's handshake (the same computations) inside {@code do_handshake()} on its loop:
 * each takes well under a millisecond to a few milliseconds, which is less than the round trip
 * to an executor thread and back would cost, and running them inline keeps every engine call on
 * one thread, with no handshake state to guard against a completion racing a close. A handshake
 * step slower than the loop's slow-callback threshold shows up in debug mode like any other slow
 * callback. Revocation checks that fetch over the network (OCSP, CRLs) are off by default in the
 * JDK; a context that turns them on blocks the loop while they run.
 *
 * <h2>Reentrancy</h2>
 *
 * The application's callbacks may call back into the transport ({@code write}, {@code close},
 * {@code pauseReading}, {@code abort}) from inside {@code dataReceived}. The read loop therefore
 * re-checks the state and the pause flag after each delivery, a nested read request only marks
 * the loop to go round again, and the shutdown discards the peer's late application data into a
 * buffer of its own, never into the one lent to the application.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslProtocol implements Protocol {
  private static final System.Logger LOG = System.getLogger("io.weft.net");

  /** Python's {@code constants.FLOW_CONTROL_HIGH_WATER_SSL_WRITE}: 512 KiB. */
  static final int WRITE_HIGH_WATER = 512 * 1024;

  /** Python's {@code constants.FLOW_CONTROL_HIGH_WATER_SSL_READ}: 256 KiB. */
  static final int READ_HIGH_WATER = 256 * 1024;

  /** The most decrypted bytes gathered into one {@code dataReceived} call (Python's max_size). */
  static final int MAX_SIZE = 256 * 1024;

  /** Encrypted bytes gathered before they are handed to the TCP transport in one write. */
  private static final int FLUSH_AT = 64 * 1024;

  /** Python's {@code constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
  private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Python's {@code SSLProtocolState}. */
  enum State {
    UNWRAPPED,
    DO_HANDSHAKE,
    WRAPPED,
    FLUSHING,
    SHUTDOWN
  }

  /** Python's {@code AppProtocolState}: what the application protocol has been told. */
  private enum AppState {
    INIT,
    CON_MADE,
    EOF,
    CON_LOST
  }

  private final EventLoop loop;
  private final SSLContext context;
  private final SSLEngine engine;
  private final boolean serverSide;
  private final boolean callConnectionMade;
  private final double handshakeTimeout;
  private final double shutdownTimeout;
  private final Map<String, Object> extra = new HashMap<>();
  private final SslTransport appTransport;

  private Protocol app;
  private Future<Void> waiter;

  /** The TCP transport (or any transport TLS runs over); null once lost. */
  private Transport transport;

  private State state = State.UNWRAPPED;
  private AppState appState;

  /** Python's {@code _conn_lost}: lost, then a count of the writes dropped since. */
  private int connLost;

  private TimerHandle handshakeTimeoutHandle;
  private TimerHandle shutdownTimeoutHandle;
  private double handshakeStart;

  /** What an abort of ours closes the transport with (Python's {@code _force_close(exc)}). */
  private Throwable closeReason;

  private boolean aborted;
  private boolean handshakeCompleted;
  private boolean shutdownCompleted;

  /**
   * The encrypted bytes to read: {@link #netIn}, or during a {@code dataReceived} whose bytes
   * arrived with nothing pending, the transport's lent buffer itself (no copy). Read mode.
   */
  private ByteBuffer inbox;

  /** Encrypted bytes received and not yet unwrapped (Python's {@code _incoming}). Read mode. */
  private ByteBuffer netIn = ByteBuffer.allocate(0);

  /** Encrypted bytes produced and not yet written (Python's {@code _outgoing}). Write mode. */
  private ByteBuffer netOut;

  /** Decrypted bytes gathered for one {@code dataReceived}; lent to the application. */
  private ByteBuffer appIn;

  /** Application data written before the handshake completed (Python's write backlog). */
  private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();

  private long backlogSize;

  private boolean sslWritingPaused;
  private boolean appReadingPaused;
  private boolean sslReadingPaused;
  private boolean appWritingPaused;
  private boolean eofReceived;
  private int outgoingHigh = WRITE_HIGH_WATER;
  private int outgoingLow = WRITE_HIGH_WATER / 4;

  /** Reentrancy guard of {@link #doRead()}. */
  private boolean reading;

  private boolean readAgain;

  /**
   * Creates the protocol and its application transport. The handshake starts when the
   * transport below calls {@link #connectionMade}.
   *
   * @param app the application's protocol
   * @param context the TLS context
   * @param waiter completed when the handshake is done and the application protocol connected,
   *     or failed with the handshake's error. May be null.
   * @param serverSide whether this is the server end
   * @param serverHostname the name to verify and send as SNI (client); null or empty for none
   * @param port the peer's port, a hint for session resumption; -1 when unknown
   * @param callConnectionMade false for {@code startTls}: the application protocol is already
   *     connected and is not told again
   */
  SslProtocol(EventLoop loop, Protocol app, SSLContext context, Future<Void> waiter,
      boolean serverSide, String serverHostname, int port, double handshakeTimeout,
      double shutdownTimeout, boolean callConnectionMade) {
    ConnectionOptions.checkTimeout("sslHandshakeTimeout", handshakeTimeout);
    ConnectionOptions.checkTimeout("sslShutdownTimeout", shutdownTimeout);
    this.loop = Objects.requireNonNull(loop, "loop");
    this.app = Objects.requireNonNull(app, "protocol");
    this.context = Objects.requireNonNull(context, "ssl: give an SSLContext");
    this.waiter = waiter;
    this.serverSide = serverSide;
    this.callConnectionMade = callConnectionMade;
    this.handshakeTimeout = handshakeTimeout;
    this.shutdownTimeout = shutdownTimeout;
    this.engine = createEngine(context, serverSide, serverSide ? null : serverHostname, port);
    this.appState = callConnectionMade ? AppState.INIT : AppState.CON_MADE;
    this.appTransport = new SslTransport(this);
    extra.put("sslcontext", context);
    int packet = engine.getSession().getPacketBufferSize();
    netOut = ByteBuffer.allocate(packet);
  }

  /**
   * Makes the engine: server or client mode; for a client with a host name, hostname
   * verification ({@code HTTPS} endpoint identification, as Python's {@code check_hostname}) and
   * SNI (not for an address literal, which SNI cannot carry).
   */
  static SSLEngine createEngine(SSLContext context, boolean serverSide, String serverHostname,
      int port) {
    if (serverSide) {
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(false);
      return engine;
    }
    boolean named = serverHostname != null && !serverHostname.isEmpty();
    SSLEngine engine = named ? context.createSSLEngine(serverHostname, port)
        : context.createSSLEngine();
    engine.setUseClientMode(true);
    if (named) {
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      if (!IPV4_LITERAL.matcher(serverHostname).matches() && serverHostname.indexOf(':') < 0) {
        try {
          p.setServerNames(List.of(new SNIHostName(serverHostname)));
        } catch (IllegalArgumentException notAHostName) {
          // not a name SNI can carry (a trailing dot, say): verified, not sent
        }
      }
      engine.setSSLParameters(p);
    }
    return engine;
  }

  /** The transport the application's protocol sees. */
  SslTransport appTransport() {
    return appTransport;
  }

  Protocol appProtocol() {
    return app;
  }

  void setAppProtocol(Protocol protocol) {
    this.app = Objects.requireNonNull(protocol, "protocol");
  }

  State state() {
    return state;
  }

  private void setState(State next) {
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
    startHandshake();
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
    backlog.clear();
    backlogSize = 0;
    netOut.clear();
    connLost++;
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
    if (!handshakeCompleted && exc == null) {
      // Python completes the waiter with None here and hands out a dead transport; name it
      exc = new ConnectionResetError("Connection lost during the TLS handshake");
    }
    wakeupWaiter(exc);
    cancelTimers();
  }

  private void cancelTimers() {
    if (handshakeTimeoutHandle != null) {
      handshakeTimeoutHandle.cancel();
      handshakeTimeoutHandle = null;
    }
    if (shutdownTimeoutHandle != null) {
      shutdownTimeoutHandle.cancel();
      shutdownTimeoutHandle = null;
    }
  }

  /** Encrypted bytes arrived: feed them to the engine. Python's {@code buffer_updated}. */
  @Override
  public void dataReceived(ByteBuffer data) {
    if (netIn.hasRemaining()) {
      append(data);
      inbox = netIn;
    } else {
      inbox = data; // unwrap straight from the transport's lent buffer
    }
    try {
      switch (state) {
        case DO_HANDSHAKE:
          doHandshake();
          break;
        case WRAPPED:
          doRead();
          break;
        case FLUSHING:
          doFlush();
          break;
        case SHUTDOWN:
          doShutdown();
          break;
        default:
          break; // lost or aborted: nothing reads any more
      }
    } finally {
      if (inbox == data) {
        // keep what is left (a partial record, or data the application paused on)
        if (data.hasRemaining() && state != State.UNWRAPPED) {
          netIn.position(0).limit(0);
          append(data);
        }
        data.position(data.limit());
        inbox = netIn;
      }
    }
  }

  /** Appends {@code data} to {@link #netIn}, growing it. */
  private void append(ByteBuffer data) {
    int n = data.remaining();
    ByteBuffer in = netIn;
    if (in.capacity() - in.limit() < n) {
      if (in.capacity() - in.remaining() >= n) {
        in.compact().flip();
      } else {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.remaining() + n,
            Math.max(engine.getSession().getPacketBufferSize(), 2 * in.capacity())));
        bigger.put(in).flip();
        netIn = in = bigger;
      }
    }
    int at = in.limit();
    in.limit(at + n);
    in.put(at, data, data.position(), n);
    data.position(data.limit());
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
    eofReceived = true;
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " received EOF");
    }
    try {
      switch (state) {
        case DO_HANDSHAKE:
          onHandshakeComplete(
              new ConnectionResetError("the peer closed the connection during the TLS handshake"));
          break;
        case WRAPPED:
          setState(State.FLUSHING);
          if (appReadingPaused) {
            return true;
          }
          doFlush();
          break;
        case FLUSHING:
          try {
            doWrite();
          } catch (SSLException e) {
            fatalError(SSLError.of(e), "Fatal error on SSL protocol");
            break;
          }
          setState(State.SHUTDOWN);
          doShutdown();
          break;
        case SHUTDOWN:
          doShutdown();
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
    sslWritingPaused = true;
  }

  /** The transport below drained: hand it what waited. */
  @Override
  public void resumeWriting() {
    sslWritingPaused = false;
    processOutgoing();
  }

  // ------------------------------------------------------------------ handshake

  private void startHandshake() {
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + " starts SSL handshake");
      handshakeStart = loop.time();
    }
    setState(State.DO_HANDSHAKE);
    if (handshakeTimeout != Double.POSITIVE_INFINITY) {
      handshakeTimeoutHandle = loop.callLater(handshakeTimeout, this::checkHandshakeTimeout);
    }
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      onHandshakeComplete(e);
      return;
    }
    doHandshake();
  }

  private void checkHandshakeTimeout() {
    handshakeTimeoutHandle = null;
    if (state == State.DO_HANDSHAKE) {
      fatalError(new ConnectionAbortedError("SSL handshake is taking longer than "
          + handshakeTimeout + " seconds: aborting the connection"), "SSL handshake timed out");
    }
  }

  /** Advances the handshake as far as the bytes received allow. Python's {@code _do_handshake}. */
  private void doHandshake() {
    try {
      while (true) {
        switch (engine.getHandshakeStatus()) {
          case NEED_TASK:
            runDelegatedTasks();
            break;
          case NEED_WRAP:
            if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.CLOSED) {
              processOutgoing();
              throw new SSLException("the TLS engine closed during the handshake");
            }
            break;
          case NEED_UNWRAP:
          case NEED_UNWRAP_AGAIN:
            SSLEngineResult r = unwrap(inbox(), appIn());
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
              processOutgoing();
              return; // wait for more bytes
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
              processOutgoing();
              throw new SSLException("the peer closed TLS during the handshake");
            }
            break;
          default: // FINISHED, NOT_HANDSHAKING
            processOutgoing();
            onHandshakeComplete(null);
            return;
        }
      }
    } catch (SSLException e) {
      sendAlert();
      onHandshakeComplete(e);
    }
  }

  /**
   * After a failure the engine holds the alert that tells the peer why: hand it to the
   * transport, which sends it before the abort if the socket takes it at once.
   */
  private void sendAlert() {
    try {
      engine.closeOutbound();
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        wrap(EMPTY);
      }
    } catch (SSLException | RuntimeException ignored) {
      // nothing more can be said to the peer
    }
    processOutgoing();
  }

  private void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /** Python's {@code _on_handshake_complete}. */
  private void onHandshakeComplete(Throwable handshakeExc) {
    if (handshakeTimeoutHandle != null) {
      handshakeTimeoutHandle.cancel();
      handshakeTimeoutHandle = null;
    }
    if (state != State.DO_HANDSHAKE) {
      return; // aborted meanwhile
    }
    if (handshakeExc != null) {
      setState(State.UNWRAPPED);
      Throwable exc = handshakeExc instanceof SSLException
          ? SSLError.of((SSLException) handshakeExc) : handshakeExc;
      fatalError(exc, exc instanceof SSLCertVerificationError
          ? "SSL handshake failed on verifying the certificate" : "SSL handshake failed");
      wakeupWaiter(exc);
      return;
    }
    setState(State.WRAPPED);
    handshakeCompleted = true;
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, this + ": SSL handshake took "
          + String.format("%.1f", (loop.time() - handshakeStart) * 1e3) + " ms");
    }
    SSLSession session = engine.getSession();
    extra.put("peercert", peerCertificate(session));
    extra.put("cipher", new CipherInfo(session.getCipherSuite(), session.getProtocol(),
        CipherInfo.secretBitsOf(session.getCipherSuite())));
    extra.put("compression", null); // TLS compression: neither the JDK nor OpenSSL 3 does it
    extra.put("ssl_object", engine);
    if (appState == AppState.INIT) {
      appState = AppState.CON_MADE;
      app.connectionMade(appTransport);
    }
    wakeupWaiter(null);
    doRead();
  }

  private static Certificate peerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length == 0 ? null : chain[0];
    } catch (SSLPeerUnverifiedException noCertificate) {
      return null; // a server's view of a client that sent none
    }
  }

  private void wakeupWaiter(Throwable exc) {
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

  // ------------------------------------------------------------------ shutdown

  /** {@code close()} on the application transport. Python's {@code _start_shutdown}. */
  void startShutdown() {
    if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
      return;
    }
    appTransport.markClosed();
    if (state == State.DO_HANDSHAKE) {
      abort(null);
      return;
    }
    setState(State.FLUSHING);
    if (shutdownTimeout != Double.POSITIVE_INFINITY) {
      shutdownTimeoutHandle = loop.callLater(shutdownTimeout, this::checkShutdownTimeout);
    }
    doFlush();
  }

  private void checkShutdownTimeout() {
    shutdownTimeoutHandle = null;
    if (state == State.FLUSHING || state == State.SHUTDOWN) {
      abort(new TimeoutError("SSL shutdown timed out"));
    }
  }

  /** Delivers what is left to read, then shuts TLS down. Python's {@code _do_flush}. */
  private void doFlush() {
    doRead();
    if (state == State.FLUSHING) {
      setState(State.SHUTDOWN);
      doShutdown();
    }
  }

  /**
   * Sends close_notify (unless the peer already closed TCP), then waits for the peer's; then
   * tells the application EOF and closes the transport. Python's {@code _do_shutdown}.
   */
  private void doShutdown() {
    if (state != State.SHUTDOWN || shutdownCompleted) {
      return;
    }
    try {
      if (!eofReceived) {
        doWrite(); // what the application wrote goes out before close_notify
        if (!engine.isOutboundDone()) {
          engine.closeOutbound();
          for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
            wrap(EMPTY);
          }
        }
        processOutgoing();
        ByteBuffer sink = null;
        while (!engine.isInboundDone()) {
          ByteBuffer in = inbox();
          if (!in.hasRemaining()) {
            return; // wait for the peer's close_notify
          }
          if (sink == null) {
            sink = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
          }
          sink.clear(); // late application data: dropped, as OpenSSL's SSL_shutdown drops it
          SSLEngineResult r = unwrap(in, sink);
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return;
          }
          if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            break;
          }
        }
        processOutgoing();
      }
    } catch (SSLException e) {
      onShutdownComplete(SSLError.of(e));
      return;
    }
    callEofReceived();
    onShutdownComplete(null);
  }

  /** Python's {@code _on_shutdown_complete}. */
  private void onShutdownComplete(Throwable exc) {
    if (shutdownTimeoutHandle != null) {
      shutdownTimeoutHandle.cancel();
      shutdownTimeoutHandle = null;
    }
    shutdownCompleted = true;
    if (exc != null) {
      fatalError(exc, "Fatal error on SSL transport");
      return;
    }
    Transport t = transport;
    if (t != null) {
      flushOutgoing(); // close_notify goes before the close, even while the transport is full
      loop.callSoon(t::close);
    }
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

  // ------------------------------------------------------------------ writing

  /** Python's {@code _write_appdata}: {@code write()} on the application transport. */
  void writeAppdata(ByteBuffer data) {
    if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
      if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        LOG.log(System.Logger.Level.WARNING, "SSL connection is closed");
      }
      connLost++;
      data.position(data.limit());
      return;
    }
    if (state == State.WRAPPED && backlog.isEmpty()) {
      try {
        wrapAll(data); // the common case: encrypt straight from the caller's buffer
      } catch (SSLException e) {
        fatalError(SSLError.of(e), "Fatal error on SSL protocol");
        return;
      }
      processOutgoing();
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    backlog.addLast(copy);
    backlogSize += copy.remaining();
    if (state == State.WRAPPED) {
      try {
        doWrite();
      } catch (SSLException e) {
        fatalError(SSLError.of(e), "Fatal error on SSL protocol");
      }
    }
  }

  /** Encrypts the backlog. Python's {@code _do_write}. */
  private void doWrite() throws SSLException {
    ByteBuffer head;
    while ((head = backlog.peekFirst()) != null) {
      int before = head.remaining();
      wrapAll(head);
      backlogSize -= before;
      backlog.pollFirst();
    }
    processOutgoing();
  }

  /** Encrypts all of {@code src} into {@link #netOut}, handing it on in large pieces. */
  private void wrapAll(ByteBuffer src) throws SSLException {
    while (src.hasRemaining()) {
      SSLEngineResult r = wrap(src);
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        src.position(src.limit()); // the peer closed TLS meanwhile: nothing more goes out
        return;
      }
      afterHandshakeStatus(r);
      if (!sslWritingPaused && netOut.position() >= FLUSH_AT) {
        flushOutgoing();
      }
    }
  }

  /**
   * One {@link SSLEngine#wrap} into {@link #netOut}, growing it when the record does not fit.
   */
  private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
    while (true) {
      int packet = engine.getSession().getPacketBufferSize();
      if (netOut.remaining() < packet) {
        growNetOut(packet);
      }
      SSLEngineResult r = engine.wrap(src, netOut);
      if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
        return r;
      }
      growNetOut(2 * packet);
    }
  }

  private void growNetOut(int room) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(netOut.position() + room,
        2 * netOut.capacity()));
    netOut.flip();
    bigger.put(netOut);
    netOut = bigger;
  }

  /** Post-handshake messages (TLS 1.3 tickets and key updates) need tasks or an answer. */
  private void afterHandshakeStatus(SSLEngineResult r) throws SSLException {
    SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
    if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runDelegatedTasks();
      hs = engine.getHandshakeStatus();
    }
    for (int i = 0; i < 8 && hs == SSLEngineResult.HandshakeStatus.NEED_WRAP; i++) {
      SSLEngineResult w = wrap(EMPTY);
      if (w.getStatus() == SSLEngineResult.Status.CLOSED) {
        break;
      }
      hs = w.getHandshakeStatus();
      if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        hs = engine.getHandshakeStatus();
      }
    }
  }

  /** Python's {@code _process_outgoing}: hand the TLS bytes on unless the transport is full. */
  private void processOutgoing() {
    if (!sslWritingPaused) {
      flushOutgoing();
    }
    controlAppWriting();
  }

  private void flushOutgoing() {
    Transport t = transport;
    if (t == null || netOut.position() == 0) {
      return;
    }
    netOut.flip();
    t.write(netOut); // sends what the socket takes and copies the rest: netOut is free again
    netOut.clear();
    if (netOut.capacity() > 4 * FLUSH_AT) {
      netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()); // give back a peak
    }
  }

  /**
   * Python's {@code _control_app_writing}, with the plain transport's comparison: the
   * application is paused when the buffer goes over the high mark (Python pauses when it
   * reaches it, so a high mark of 0 would pause an empty buffer).
   */
  void controlAppWriting() {
    long size = getWriteBufferSize();
    if (size > outgoingHigh && !appWritingPaused) {
      appWritingPaused = true;
      try {
        app.pauseWriting();
      } catch (Throwable t) {
        if (NetErrors.escapes(t)) {
          throw t;
        }
        NetErrors.report(loop, "protocol.pauseWriting() failed", t, "transport", appTransport,
            "protocol", this);
      }
    } else if (size <= outgoingLow && appWritingPaused) {
      appWritingPaused = false;
      try {
        app.resumeWriting();
      } catch (Throwable t) {
        if (NetErrors.escapes(t)) {
          throw t;
        }
        NetErrors.report(loop, "protocol.resumeWriting() failed", t, "transport", appTransport,
            "protocol", this);
      }
    }
  }

  /** The application-level buffer: TLS bytes held back plus plaintext not yet encrypted. */
  long getWriteBufferSize() {
    return netOut.position() + backlogSize;
  }

  int outgoingHigh() {
    return outgoingHigh;
  }

  int outgoingLow() {
    return outgoingLow;
  }

  void setWriteBufferLimits(int high, int low) {
    NetErrors.checkWriteBufferLimits(high, low);
    outgoingHigh = high;
    outgoingLow = low;
    controlAppWriting();
  }

  // ------------------------------------------------------------------ reading

  private ByteBuffer inbox() {
    ByteBuffer in = inbox;
    return in != null ? in : netIn;
  }

  private ByteBuffer appIn() {
    if (appIn == null) {
      appIn = ByteBuffer.allocate(2 * engine.getSession().getApplicationBufferSize());
    }
    return appIn;
  }

  /** One {@link SSLEngine#unwrap}, growing {@code dst} while it is too small for a record. */
  private SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
    SSLEngineResult r = engine.unwrap(src, dst);
    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && dst == appIn
        && appIn.position() == 0) {
      appIn = ByteBuffer.allocate(2 * Math.max(appIn.capacity(),
          engine.getSession().getApplicationBufferSize()));
      r = engine.unwrap(src, appIn);
    }
    return r;
  }

  /** Delivers decrypted data to the application. Python's {@code _do_read}. */
  private void doRead() {
    if (state != State.WRAPPED && state != State.FLUSHING) {
      return;
    }
    if (reading) {
      readAgain = true; // called back from the application's dataReceived: the loop goes on
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        if (!appReadingPaused) {
          if (readRecords()) {
            callEofReceived(); // the peer's close_notify
            startShutdown();
          }
          if (state == State.WRAPPED || state == State.FLUSHING) {
            if (!backlog.isEmpty()) {
              doWrite();
            } else {
              processOutgoing();
            }
          }
        }
        controlSslReading();
      } while (readAgain && !appReadingPaused
          && (state == State.WRAPPED || state == State.FLUSHING));
    } catch (SSLException e) {
      fatalError(SSLError.of(e), "Fatal error on SSL protocol");
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      fatalError(t, "Fatal error on SSL protocol");
    } finally {
      reading = false;
    }
  }

  /**
   * Unwraps the records received, handing the application up to {@link #MAX_SIZE} bytes per
   * {@code dataReceived}; stops early when the application pauses reading or closes.
   *
   * @return whether the peer's close_notify was read
   */
  private boolean readRecords() throws SSLException {
    ByteBuffer out = appIn();
    out.clear();
    int record = engine.getSession().getApplicationBufferSize();
    while (true) {
      ByteBuffer in = inbox();
      if (!in.hasRemaining()) {
        break;
      }
      if (out.remaining() < record) {
        if (out.capacity() < MAX_SIZE) {
          ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_SIZE + record,
              Math.max(2 * out.capacity(), out.position() + record)));
          out.flip();
          bigger.put(out);
          appIn = out = bigger;
        } else if (!deliver(out)) {
          return false;
        }
      }
      SSLEngineResult r = unwrap(in, out);
      out = appIn; // unwrap may have grown it
      switch (r.getStatus()) {
        case BUFFER_UNDERFLOW:
          deliver(out); // the rest of a record is still on its way
          return false;
        case BUFFER_OVERFLOW:
          if (!deliver(out)) {
            return false;
          }
          continue;
        case CLOSED:
          deliver(out);
          return true;
        default:
          break;
      }
      afterHandshakeStatus(r);
    }
    deliver(out);
    return false;
  }

  /**
   * Lends the gathered bytes to the application's {@code dataReceived} and clears the buffer.
   *
   * @return whether reading may go on: still connected and not paused
   */
  private boolean deliver(ByteBuffer out) {
    if (out.position() > 0) {
      out.flip();
      try {
        app.dataReceived(out);
      } finally {
        out.clear();
      }
    }
    return !appReadingPaused && (state == State.WRAPPED || state == State.FLUSHING);
  }

  /** Python's {@code _call_eof_received}. */
  private void callEofReceived() {
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

  /** Python's {@code _control_ssl_reading}: pause the transport below while much is pending. */
  private void controlSslReading() {
    Transport t = transport;
    if (t == null) {
      return;
    }
    int size = inbox().remaining();
    if (size >= READ_HIGH_WATER && !sslReadingPaused) {
      sslReadingPaused = true;
      t.pauseReading();
    } else if (size <= READ_HIGH_WATER / 4 && sslReadingPaused) {
      sslReadingPaused = false;
      t.resumeReading();
    }
  }

  boolean isAppReadingPaused() {
    return appReadingPaused;
  }

  /** {@code pauseReading()} on the application transport. Python's {@code _pause_reading}. */
  void pauseReading() {
    appReadingPaused = true;
  }

  /**
   * {@code resumeReading()} on the application transport: what was held back is delivered on
   * the next loop iteration. Python's {@code _resume_reading}.
   */
  void resumeReading() {
    if (!appReadingPaused) {
      return;
    }
    appReadingPaused = false;
    loop.callSoon(() -> {
      switch (state) {
        case WRAPPED:
          doRead();
          break;
        case FLUSHING:
          doFlush();
          break;
        case SHUTDOWN:
          doShutdown();
          break;
        default:
          break;
      }
    });
  }

  // ------------------------------------------------------------------ errors

  /**
   * Python's {@code _fatal_error}: aborts the transport with {@code exc}; a network error
   * ({@link IOException}, {@link UncheckedIOException}: Python's {@code OSError}) is only
   * logged in debug mode, anything else goes to the loop's exception handler.
   */
  private void fatalError(Throwable exc, String message) {
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

  /** Returns {@code <SslProtocol server|client STATE over <transport>>}. */
  @Override
  public String toString() {
    return "<SslProtocol " + (serverSide ? "server " : "client ") + state + " over " + transport
        + ">";
  }
}
