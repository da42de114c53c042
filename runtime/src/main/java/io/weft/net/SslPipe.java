package io.weft.net;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
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
 * The {@link SSLEngine} and every buffer it reads or writes: what Python's {@code
 * sslproto.SSLProtocol} has in an {@code ssl.SSLObject} over two {@code ssl.MemoryBIO}s (and
 * what Python 3.10 and earlier called {@code sslproto._SSLPipe}). {@link SslProtocol} decides
 * when to wrap and unwrap; the pipe does it, grows its buffers when a record does not fit, and
 * answers the engine's requests for delegated tasks and post-handshake records.
 *
 * <pre>
 *  buffer  mode   holds                                                Python
 *  netIn   read   encrypted bytes received and not yet unwrapped       _incoming (a MemoryBIO)
 *  inbox   read   netIn, or during a receive the transport's lent      -
 *                 buffer itself (no copy)
 *  appIn   write  decrypted bytes gathered for one dataReceived;       the buffer of _do_read
 *                 lent to the application
 *  netOut  write  encrypted bytes produced and not yet written         _outgoing (a MemoryBIO)
 * </pre>
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
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslPipe {
  /** Encrypted bytes gathered before they are handed to the TCP transport in one write. */
  static final int FLUSH_AT = 64 * 1024;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final SSLEngine engine;

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

  /**
   * Makes the engine ({@link #createEngine}) and an outgoing buffer one packet large.
   *
   * @param context the TLS context. Not null.
   * @param serverSide whether this is the server end
   * @param serverHostname the name to verify and send as SNI (client); null or empty for none
   * @param port the peer's port, a hint for session resumption; -1 when unknown
   */
  SslPipe(SSLContext context, boolean serverSide, String serverHostname, int port) {
    engine = createEngine(context, serverSide, serverHostname, port);
    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
  }

  /**
   * Makes the engine: server or client mode; for a client with a host name, hostname
   * verification ({@code HTTPS} endpoint identification, as Python's {@code check_hostname}) and
   * SNI (not for an address literal, which SNI cannot carry). A server ignores the name.
   */
  private static SSLEngine createEngine(SSLContext context, boolean serverSide,
      String serverHostname, int port) {
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

  /** The engine: the state machine asks it for the handshake status and closes its sides. */
  SSLEngine engine() {
    return engine;
  }

  /**
   * After the handshake: puts what the session knows into a transport's extra info, under
   * Python's names ({@code "peercert"}, {@code "cipher"}, {@code "compression"}, {@code
   * "ssl_object"}).
   */
  void putSessionInfo(Map<String, Object> extra) {
    SSLSession session = engine.getSession();
    extra.put("peercert", peerCertificate(session));
    extra.put("cipher", new CipherInfo(session.getCipherSuite(), session.getProtocol(),
        CipherInfo.secretBitsOf(session.getCipherSuite())));
    extra.put("compression", null); // TLS compression: neither the JDK nor OpenSSL 3 does it
    extra.put("ssl_object", engine);
  }

  private static Certificate peerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length == 0 ? null : chain[0];
    } catch (SSLPeerUnverifiedException noCertificate) {
      return null; // a server's view of a client that sent none
    }
  }

  // ------------------------------------------------------------------ encrypted bytes in

  /**
   * Takes the encrypted bytes the transport below lends to one {@code dataReceived}. With
   * nothing pending they are unwrapped where they are, no copy; else they are appended to what
   * is pending. Always paired with {@link #endReceive}.
   */
  void beginReceive(ByteBuffer data) {
    if (netIn.hasRemaining()) {
      append(data);
      inbox = netIn;
    } else {
      inbox = data; // unwrap straight from the transport's lent buffer
    }
  }

  /**
   * Ends {@link #beginReceive}: the lent buffer goes back to the transport consumed, so what is
   * left of it is copied to {@link #netIn} first.
   *
   * @param keep false once the connection is gone: nothing reads any more, so nothing is kept
   */
  void endReceive(ByteBuffer data, boolean keep) {
    if (inbox == data) {
      // keep what is left (a partial record, or data the application paused on)
      if (data.hasRemaining() && keep) {
        netIn.position(0).limit(0);
        append(data);
      }
      data.position(data.limit());
      inbox = netIn;
    }
  }

  /** The encrypted bytes waiting to be unwrapped, in read mode. */
  ByteBuffer incoming() {
    ByteBuffer in = inbox;
    return in != null ? in : netIn;
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

  // ------------------------------------------------------------------ decrypted bytes out

  /** The buffer decrypted bytes are gathered in for the application (write mode). */
  ByteBuffer appIn() {
    if (appIn == null) {
      appIn = ByteBuffer.allocate(2 * engine.getSession().getApplicationBufferSize());
    }
    return appIn;
  }

  /**
   * Replaces {@link #appIn()} by a larger buffer holding what it held, with room for one more
   * record: twice the size, or what one more record needs, but never past {@code limit} plus a
   * record.
   *
   * @param record the engine's application buffer size
   * @param limit the most bytes the reader gathers into one {@code dataReceived}
   * @return the new buffer, in write mode
   */
  ByteBuffer growAppIn(int record, int limit) {
    ByteBuffer out = appIn();
    ByteBuffer bigger = ByteBuffer.allocate(Math.min(limit + record,
        Math.max(2 * out.capacity(), out.position() + record)));
    out.flip();
    bigger.put(out);
    appIn = bigger;
    return bigger;
  }

  /**
   * One {@link SSLEngine#unwrap}; when {@code dst} is {@link #appIn()} and empty but still too
   * small for the record, grows it and tries again (read the new one from {@link #appIn()}).
   */
  SSLEngineResult unwrap(ByteBuffer src, ByteBuffer dst) throws SSLException {
    SSLEngineResult r = engine.unwrap(src, dst);
    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && dst == appIn
        && appIn.position() == 0) {
      appIn = ByteBuffer.allocate(2 * Math.max(appIn.capacity(),
          engine.getSession().getApplicationBufferSize()));
      r = engine.unwrap(src, appIn);
    }
    return r;
  }

  /**
   * Unwraps the records received up to the peer's close_notify. Application data the peer
   * sent before it is dropped, as OpenSSL's {@code SSL_shutdown} drops it, after unwrapping into
   * a buffer of its own: never into {@link #appIn()}, which may be lent to the application at
   * this moment (the shutdown can run from inside its {@code dataReceived}).
   *
   * @return true once the inbound side is done; false while the rest is still on its way
   */
  boolean readCloseNotify() throws SSLException {
    ByteBuffer sink = null;
    while (!engine.isInboundDone()) {
      ByteBuffer in = incoming();
      if (!in.hasRemaining()) {
        return false; // wait for the peer's close_notify
      }
      if (sink == null) {
        sink = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
      }
      sink.clear(); // late application data: dropped
      SSLEngineResult r = unwrap(in, sink);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
        return false;
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        break;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ encrypted bytes out

  /**
   * One {@link SSLEngine#wrap} into {@link #netOut}, growing it when the record does not fit.
   */
  SSLEngineResult wrap(ByteBuffer src) throws SSLException {
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

  /** A wrap of no application data, for the handshake's own messages. */
  SSLEngineResult wrapHandshake() throws SSLException {
    return wrap(EMPTY);
  }

  private void growNetOut(int room) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(netOut.position() + room,
        2 * netOut.capacity()));
    netOut.flip();
    bigger.put(netOut);
    netOut = bigger;
  }

  /**
   * Closes the engine's outbound side and wraps what that produces: after a failure the alert
   * that tells the peer why, else close_notify. At most {@code maxWraps} wraps, so that an
   * engine that never reports its outbound side done cannot hold the loop.
   */
  void closeOutbound(int maxWraps) throws SSLException {
    engine.closeOutbound();
    for (int i = 0; i < maxWraps && !engine.isOutboundDone(); i++) {
      wrap(EMPTY);
    }
  }

  /** The encrypted bytes produced and not yet handed on. */
  int outgoingSize() {
    return netOut.position();
  }

  /**
   * Hands every encrypted byte produced to {@code transport}, which sends what the socket takes
   * and copies the rest; then gives back a buffer that a burst grew large.
   *
   * @param transport the transport below. May be null (lost): nothing is written.
   */
  void flushTo(Transport transport) {
    if (transport == null || netOut.position() == 0) {
      return;
    }
    netOut.flip();
    // sends what the socket takes and copies the rest: netOut is free again
    transport.write(netOut);
    netOut.clear();
    if (netOut.capacity() > 4 * FLUSH_AT) {
      netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()); // give back a peak
    }
  }

  /** Drops the encrypted bytes not yet handed on: the connection is lost. */
  void clearOutgoing() {
    netOut.clear();
  }

  // ------------------------------------------------------------------ the engine's requests

  /** Runs the engine's delegated tasks inline (see the class comment for why). */
  void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /**
   * Answers what a wrap or unwrap after the handshake asks for: post-handshake messages (TLS 1.3
   * tickets and key updates) need tasks or an answer.
   */
  void afterHandshakeStatus(SSLEngineResult r) throws SSLException {
    SSLEngineResult.HandshakeStatus hs = afterTasks(r.getHandshakeStatus());
    // bounded, as closeOutbound: an engine that keeps asking to wrap cannot hold the loop
    for (int i = 0; i < 8 && hs == SSLEngineResult.HandshakeStatus.NEED_WRAP; i++) {
      SSLEngineResult w = wrap(EMPTY);
      if (w.getStatus() == SSLEngineResult.Status.CLOSED) {
        break;
      }
      hs = afterTasks(w.getHandshakeStatus());
    }
  }

  /** Runs the delegated tasks when {@code hs} asks for them; returns the status after them. */
  private SSLEngineResult.HandshakeStatus afterTasks(SSLEngineResult.HandshakeStatus hs) {
    if (hs != SSLEngineResult.HandshakeStatus.NEED_TASK) {
      return hs;
    }
    runDelegatedTasks();
    return engine.getHandshakeStatus();
  }
}
