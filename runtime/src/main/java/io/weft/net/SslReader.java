package io.weft.net;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The read side of a TLS connection: records from the transport below, decrypted and lent to
 * the application's {@code dataReceived}, with flow control at both ends. The "incoming flow"
 * and the read-side flow controls of Python's {@code sslproto.SSLProtocol} ({@code _do_read},
 * {@code _do_read__copied}, {@code _control_ssl_reading}, {@code _pause_reading}, {@code
 * _resume_reading}). (Not to be confused with {@link StreamReader}, which reads from a transport
 * like this one.)
 *
 * <pre>
 *  signal                        when                                    effect
 *  SslTransport.pauseReading()   the application asks                    decrypted data waits
 *  SslTransport.resumeReading()  the application asks                    delivered next iteration
 *  transport.pauseReading()      256 KiB of records wait to be unwrapped the transport below stops
 *  transport.resumeReading()     64 KiB or less wait                     it reads again
 * </pre>
 *
 * <h2>Reentrancy</h2>
 *
 * The application's callbacks may call back into the transport ({@code write}, {@code close},
 * {@code pauseReading}, {@code abort}) from inside {@code dataReceived}. The read loop therefore
 * re-checks the state and the pause flag after each delivery, a nested read request only marks
 * the loop to go round again, and the shutdown discards the peer's late application data into a
 * buffer of its own ({@link SslPipe#readCloseNotify()}), never into the one lent to the
 * application.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslReader {
  /** Python's {@code constants.FLOW_CONTROL_HIGH_WATER_SSL_READ}: 256 KiB. */
  static final int READ_HIGH_WATER = 256 * 1024;

  /** The most decrypted bytes gathered into one {@code dataReceived} call (Python's max_size). */
  static final int MAX_SIZE = 256 * 1024;

  private final SslProtocol ssl;

  /** The application paused reading: decrypted data is held back. */
  private boolean appReadingPaused;

  /** We paused the transport below: too many records wait. */
  private boolean sslReadingPaused;

  /** Reentrancy guard of {@link #doRead()}. */
  private boolean reading;

  /** A {@link #doRead()} nested in a delivery asked the running one to go round again. */
  private boolean readAgain;

  /**
   * Creates the read side of {@code ssl}, through which it reaches the other parts, the state,
   * the transport below and the application's protocol (the last three change over the
   * connection's life).
   */
  SslReader(SslProtocol ssl) {
    this.ssl = ssl;
  }

  /**
   * Delivers decrypted data to the application, then lets the write side go on (what the
   * application wrote meanwhile, and any post-handshake answer). Python's {@code _do_read}.
   */
  void doRead() {
    if (!ssl.state().readable()) {
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
            ssl.callEofReceived(); // the peer's close_notify
            ssl.startShutdown();
          }
          if (ssl.state().readable()) {
            ssl.writer.doWrite(); // Python: _do_write() with a backlog, else _process_outgoing()
          }
        }
        controlSslReading();
      } while (readAgain && !appReadingPaused && ssl.state().readable());
    } catch (SSLException e) {
      ssl.fatalSslError(e);
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      ssl.fatalError(t, "Fatal error on SSL protocol");
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
    SslPipe pipe = ssl.pipe;
    ByteBuffer out = pipe.appIn();
    out.clear();
    int record = pipe.engine().getSession().getApplicationBufferSize();
    while (true) {
      ByteBuffer in = pipe.incoming();
      if (!in.hasRemaining()) {
        break;
      }
      if (out.remaining() < record) {
        if (out.capacity() < MAX_SIZE) {
          out = pipe.growAppIn(record, MAX_SIZE);
        } else if (!deliver(out)) {
          return false;
        }
      }
      SSLEngineResult r = pipe.unwrap(in, out);
      out = pipe.appIn(); // unwrap may have grown it
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
      pipe.afterHandshakeStatus(r);
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
        ssl.appProtocol().dataReceived(out);
      } finally {
        out.clear();
      }
    }
    return !appReadingPaused && ssl.state().readable();
  }

  /** Python's {@code _control_ssl_reading}: pause the transport below while much is pending. */
  private void controlSslReading() {
    Transport t = ssl.transport();
    if (t == null) {
      return;
    }
    int size = ssl.pipe.incoming().remaining();
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
   * the next loop iteration, by whatever the state then calls for. Python's {@code
   * _resume_reading}.
   */
  void resumeReading() {
    if (!appReadingPaused) {
      return;
    }
    appReadingPaused = false;
    ssl.loop.callSoon(ssl::processIncoming);
  }
}
