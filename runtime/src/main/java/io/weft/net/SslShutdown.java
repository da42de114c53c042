package io.weft.net;

import io.weft.TimeoutError;
import javax.net.ssl.SSLException;

/**
 * The orderly end of a TLS connection: the "shutdown flow" of Python's {@code
 * sslproto.SSLProtocol} ({@code _start_shutdown}, {@code _check_shutdown_timeout}, {@code
 * _do_flush}, {@code _do_shutdown}, {@code _on_shutdown_complete}).
 *
 * <pre>
 *  event                                   here          state after
 *  close() on the application transport,   start()       FLUSHING, timer armed (during the
 *    or the peer's close_notify read                      handshake: an abort instead)
 *  EOF from below, or reading resumed      flush()       FLUSHING until what is left is read,
 *                                                         then SHUTDOWN
 *  dataReceived in SHUTDOWN                step()        SHUTDOWN until the peer's close_notify
 *  close_notify exchanged                  complete()    the transport below closes next iteration
 *  the timer ran                           abort         UNWRAPPED, TimeoutError to connectionLost
 * </pre>
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslShutdown extends SslPhase {
  /** The peer closed its side of TCP: no close_notify can go out, none can come in. */
  private boolean eofReceived;

  /** close_notify exchanged, or the exchange failed: {@link #step()} has nothing left to do. */
  private boolean completed;

  /**
   * Creates the shutdown of {@code ssl}.
   *
   * @throws IllegalArgumentException when {@code timeout} (seconds; infinity for none) is not
   *     positive
   */
  SslShutdown(SslProtocol ssl, double timeout) {
    super(ssl, "sslShutdownTimeout", timeout);
  }

  /** The transport below received EOF: {@link #step()} skips the close_notify exchange. */
  void eofReceived() {
    eofReceived = true;
  }

  /**
   * {@code close()} on the application transport, or the peer's close_notify: starts the
   * shutdown; during the handshake, aborts instead. Nothing once it has started or the
   * connection is gone. Python's {@code _start_shutdown}.
   */
  void start() {
    if (!ssl.state().writable()) {
      return; // already shutting down, or gone
    }
    ssl.appTransport().markClosed();
    if (ssl.state() == SslProtocol.State.DO_HANDSHAKE) {
      ssl.abort(null);
      return;
    }
    ssl.setState(SslProtocol.State.FLUSHING);
    startTimer();
    flush();
  }

  /** Python's {@code _check_shutdown_timeout}: aborts a shutdown still running. */
  @Override
  void timedOut() {
    SslProtocol.State state = ssl.state();
    if (state == SslProtocol.State.FLUSHING || state == SslProtocol.State.SHUTDOWN) {
      ssl.abort(new TimeoutError("SSL shutdown timed out"));
    }
  }

  /** Delivers what is left to read, then shuts TLS down. Python's {@code _do_flush}. */
  void flush() {
    ssl.reader.doRead();
    if (ssl.state() == SslProtocol.State.FLUSHING) {
      ssl.setState(SslProtocol.State.SHUTDOWN);
      step();
    }
  }

  /**
   * Sends close_notify (unless the peer already closed TCP), then waits for the peer's; then
   * tells the application EOF and closes the transport. Python's {@code _do_shutdown}.
   */
  void step() {
    if (ssl.state() != SslProtocol.State.SHUTDOWN || completed) {
      return;
    }
    SslPipe pipe = ssl.pipe;
    SslWriter writer = ssl.writer;
    try {
      if (!eofReceived) {
        writer.doWrite(); // what the application wrote goes out before close_notify
        if (!pipe.engine().isOutboundDone()) {
          pipe.closeOutbound(8);
        }
        writer.processOutgoing();
        if (!pipe.readCloseNotify()) {
          return; // the rest comes with a later dataReceived
        }
        writer.processOutgoing();
      }
    } catch (SSLException e) {
      complete(SSLError.of(e));
      return;
    }
    ssl.callEofReceived();
    complete(null);
  }

  /** Python's {@code _on_shutdown_complete}. */
  private void complete(Throwable exc) {
    cancelTimer();
    completed = true;
    if (exc != null) {
      ssl.fatalError(exc, "Fatal error on SSL transport");
      return;
    }
    Transport t = ssl.transport();
    if (t != null) {
      // close_notify goes before the close, even while the transport is full
      ssl.writer.flushOutgoing();
      ssl.loop.callSoon(t::close);
    }
  }
}
