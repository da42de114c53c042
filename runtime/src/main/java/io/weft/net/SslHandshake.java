package io.weft.net;

import io.weft.ConnectionAbortedError;
import io.weft.EventLoop;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The handshake of a TLS connection: the "handshake flow" of Python's {@code
 * sslproto.SSLProtocol} ({@code _start_handshake}, {@code _check_handshake_timeout}, {@code
 * _do_handshake}, {@code _on_handshake_complete}). It runs while {@link SslProtocol} is in
 * {@code DO_HANDSHAKE}:
 *
 * <pre>
 *  event                               here                   state after
 *  connectionMade from below           start()                DO_HANDSHAKE, timer armed
 *  dataReceived                        step()                 DO_HANDSHAKE, or as complete()
 *  the engine finished                 complete(null)         WRAPPED: the application connected,
 *                                                             the waiter done, reading begins
 *  the engine failed, EOF from below   complete(exc)          UNWRAPPED: aborted, the waiter fails
 *  the timer ran                       fatal error            UNWRAPPED: aborted
 * </pre>
 *
 * A failure sends the engine's alert first, so that the peer learns why.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslHandshake extends SslPhase {
  private static final System.Logger LOG = System.getLogger("io.weft.net");

  /** When the handshake started, on the loop's clock; measured in debug mode only. */
  private double startTime;

  /** The handshake succeeded; a failed one stays false. */
  private boolean completed;

  /**
   * Creates the handshake of {@code ssl}.
   *
   * @throws IllegalArgumentException when {@code timeout} (seconds; infinity for none) is not
   *     positive
   */
  SslHandshake(SslProtocol ssl, double timeout) {
    super(ssl, "sslHandshakeTimeout", timeout);
  }

  /** Whether the handshake succeeded (it stays true once the connection is lost). */
  boolean completed() {
    return completed;
  }

  /** Starts the handshake. Python's {@code _start_handshake}. */
  void start() {
    EventLoop loop = ssl.loop;
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, ssl + " starts SSL handshake");
      startTime = loop.time();
    }
    ssl.setState(SslProtocol.State.DO_HANDSHAKE);
    startTimer();
    try {
      ssl.pipe.engine().beginHandshake();
    } catch (SSLException e) {
      complete(e);
      return;
    }
    step();
  }

  /** Python's {@code _check_handshake_timeout}: aborts a handshake still running. */
  @Override
  void timedOut() {
    if (ssl.state() == SslProtocol.State.DO_HANDSHAKE) {
      ssl.fatalError(new ConnectionAbortedError("SSL handshake is taking longer than "
          + timeout() + " seconds: aborting the connection"), "SSL handshake timed out");
    }
  }

  /** Advances the handshake as far as the bytes received allow. Python's {@code _do_handshake}. */
  void step() {
    SslPipe pipe = ssl.pipe;
    SslWriter writer = ssl.writer;
    try {
      while (true) {
        switch (pipe.engine().getHandshakeStatus()) {
          case NEED_TASK:
            pipe.runDelegatedTasks();
            break;
          case NEED_WRAP:
            if (pipe.wrapHandshake().getStatus() == SSLEngineResult.Status.CLOSED) {
              writer.processOutgoing();
              throw new SSLException("the TLS engine closed during the handshake");
            }
            break;
          case NEED_UNWRAP:
          case NEED_UNWRAP_AGAIN:
            SSLEngineResult r = pipe.unwrap(pipe.incoming(), pipe.appIn());
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
              writer.processOutgoing();
              return; // wait for more bytes
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
              writer.processOutgoing();
              throw new SSLException("the peer closed TLS during the handshake");
            }
            break;
          default: // FINISHED, NOT_HANDSHAKING
            writer.processOutgoing();
            complete(null);
            return;
        }
      }
    } catch (SSLException e) {
      sendAlert();
      complete(e);
    }
  }

  /**
   * After a failure the engine holds the alert that tells the peer why: hand it to the
   * transport, which sends it before the abort if the socket takes it at once.
   */
  private void sendAlert() {
    try {
      ssl.pipe.closeOutbound(4);
    } catch (SSLException | RuntimeException ignored) {
      // nothing more can be said to the peer
    }
    ssl.writer.processOutgoing();
  }

  /**
   * Ends the handshake: with an error, aborts the connection and fails the waiter; else
   * connects the application and starts reading. Nothing when the connection was aborted
   * meanwhile. Python's {@code _on_handshake_complete}.
   *
   * @param handshakeExc why the handshake failed; null when it succeeded
   */
  void complete(Throwable handshakeExc) {
    cancelTimer();
    if (ssl.state() != SslProtocol.State.DO_HANDSHAKE) {
      return; // aborted meanwhile
    }
    if (handshakeExc != null) {
      ssl.setState(SslProtocol.State.UNWRAPPED);
      Throwable exc = handshakeExc instanceof SSLException
          ? SSLError.of((SSLException) handshakeExc) : handshakeExc;
      ssl.fatalError(exc, exc instanceof SSLCertVerificationError
          ? "SSL handshake failed on verifying the certificate" : "SSL handshake failed");
      ssl.wakeupWaiter(exc);
      return;
    }
    ssl.setState(SslProtocol.State.WRAPPED);
    completed = true;
    EventLoop loop = ssl.loop;
    if (loop.getDebug()) {
      LOG.log(System.Logger.Level.DEBUG, ssl + ": SSL handshake took "
          + String.format("%.1f", (loop.time() - startTime) * 1e3) + " ms");
    }
    ssl.connectApp();
    ssl.wakeupWaiter(null);
    ssl.reader.doRead();
  }
}
