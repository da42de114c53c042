package io.weft.net;

import io.weft.Asyncio;
import io.weft.ConnectionResetError;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.nio.ByteBuffer;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The sending side of a connection, for coroutines: Python's {@code asyncio.StreamWriter}. It
 * wraps a {@link Transport}: {@link #write} never blocks and buffers what the socket does not
 * take; {@link #drain()} is where a writer waits for the buffer to go down.
 *
 * <pre>{@code
 * writer.write(data);          // writer.write(data)
 * await(writer.drain());       // await writer.drain()
 * writer.close();              // writer.close()
 * await(writer.waitClosed());  // await writer.wait_closed()
 * }</pre>
 *
 * <p><b>Flow control:</b> call {@link #drain()} after writes. A writer that never drains
 * buffers without bound when the peer reads slower than it writes.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
public class StreamWriter {
  private Transport transport;
  private final FlowControlMixin protocol;
  private final StreamReader reader;
  private final EventLoop loop;

  /**
   * Wraps a transport. Python's {@code StreamWriter(transport, protocol, reader, loop)};
   * {@link Asyncio#openConnection} and {@link Asyncio#startServer} make writers for you.
   *
   * @param transport the transport. Not null.
   * @param protocol the transport's protocol, which tracks flow control. Not null.
   * @param reader the reader of the same connection, whose exception {@link #drain()} raises.
   *     May be null.
   * @param loop the loop. Not null.
   */
  public StreamWriter(Transport transport, FlowControlMixin protocol, StreamReader reader,
      EventLoop loop) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.reader = reader;
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /**
   * Returns the transport. Python's {@code transport} attribute. After {@link #startTls} it is
   * the TLS transport.
   *
   * @return the transport
   */
  public Transport transport() {
    return transport;
  }

  /**
   * Writes bytes; see {@link WriteTransport#write(byte[])}. Python's {@code write(data)}. Does
   * not suspend; follow with {@link #drain()}.
   *
   * @param data the bytes; not kept
   * @throws IllegalStateException after {@link #writeEof()}
   */
  public void write(byte[] data) {
    transport.write(data);
  }

  /**
   * Writes the remaining bytes of a buffer, consuming them; see {@link
   * WriteTransport#write(ByteBuffer)}.
   *
   * @param data the bytes between position and limit; not kept
   * @throws IllegalStateException after {@link #writeEof()}
   */
  public void write(ByteBuffer data) {
    transport.write(data);
  }

  /**
   * Writes each array in order. Python's {@code writelines(data)}.
   *
   * @param data the arrays
   * @throws IllegalStateException after {@link #writeEof()}
   */
  public void writelines(Iterable<byte[]> data) {
    transport.writelines(data);
  }

  /**
   * Ends this side of the connection once the buffer is flushed. Python's {@code write_eof()}.
   */
  public void writeEof() {
    transport.writeEof();
  }

  /**
   * Returns whether {@link #writeEof()} is supported. Python's {@code can_write_eof()}.
   *
   * @return true for TCP
   */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /**
   * Closes the connection once the buffer is flushed; see {@link BaseTransport#close()}.
   * Python's {@code close()}. Follow with {@link #waitClosed()} to know when it is closed.
   */
  public void close() {
    transport.close();
  }

  /**
   * Returns whether the connection is closing or closed. Python's {@code is_closing()}.
   *
   * @return the transport's {@code isClosing()}
   */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * Returns optional information about the connection; see {@link BaseTransport#getExtraInfo}.
   * Python's {@code get_extra_info(name)}.
   *
   * @param name "peername", "sockname" or "socket"
   * @return the value, or null
   */
  public Object getExtraInfo(String name) {
    return transport.getExtraInfo(name);
  }

  /**
   * Returns optional information, or {@code defaultValue}. Python's {@code get_extra_info(name,
   * default)}.
   *
   * @param name the name
   * @param defaultValue the default. May be null.
   * @return the value, or {@code defaultValue}
   */
  public Object getExtraInfo(String name, Object defaultValue) {
    return transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Returns a coroutine that waits until the connection is closed. Python's {@code await
   * wait_closed()}.
   *
   * <p><b>Suspends</b> until the protocol's {@code connectionLost}. <b>Cancellation:</b> a
   * cancellation point; as in Python, cancelling it cancels the shared close future, so later
   * waitClosed() calls raise {@link io.weft.CancelledError} too. <b>Raises</b> (when awaited)
   * the error that ended the connection, if any: a {@link ConnectionResetError} when the peer
   * reset it.
   *
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> waitClosed() {
    return (Coro<Void>) (Coro<?>) new WaitClosed(this);
  }

  /**
   * Returns a coroutine that waits until it is appropriate to write again: while the
   * transport's buffer is over its high-water mark, until it drains to the low one. Python's
   * {@code await drain()}.
   *
   * <p><b>Suspends</b> only while writing is paused, or for one loop iteration when the
   * transport is closing (so that its {@code connectionLost} runs and the drain can report it,
   * instead of a {@code write(); drain()} loop spinning on a dead connection). <b>Cancellation:</b>
   * a cancellation point; a cancelled drain leaves the buffered bytes to be sent and the writer
   * usable. <b>Raises</b> (when awaited) the reader's exception if one is set (the error that
   * ended the connection), else {@link ConnectionResetError} "Connection lost" once the
   * connection is lost: a write to a closed connection fails here, not silently.
   *
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> drain() {
    return (Coro<Void>) (Coro<?>) new Drain(this);
  }

  /**
   * Returns a coroutine that upgrades the connection to TLS, as a client with no hostname check
   * (see {@link #startTls(SSLContext, String, double, double)}). Python's {@code await
   * writer.start_tls(sslcontext)} (3.11).
   *
   * @param sslContext the TLS context. Not null.
   * @return the coroutine
   */
  public Coro<Void> startTls(SSLContext sslContext) {
    return startTls(sslContext, null);
  }

  /**
   * Returns a coroutine that upgrades the connection to TLS with the default timeouts (60 s for
   * the handshake, 30 s for the shutdown). Python's {@code await writer.start_tls(sslcontext,
   * server_hostname=name)} (3.11).
   *
   * @param sslContext the TLS context. Not null.
   * @param serverHostname (client) the name the server's certificate must carry, also sent as
   *     SNI; null or empty for no hostname check
   * @return the coroutine
   */
  public Coro<Void> startTls(SSLContext sslContext, String serverHostname) {
    return startTls(sslContext, serverHostname, ConnectionOptions.SSL_HANDSHAKE_TIMEOUT,
        ConnectionOptions.SSL_SHUTDOWN_TIMEOUT);
  }

  /**
   * Returns a coroutine that upgrades the connection to TLS: it drains the writer, then runs
   * {@link EventLoop#startTls} on the transport, and from then on this writer and the reader of
   * the connection use the TLS transport ({@link #transport()} returns it). This end is the TLS
   * server when the connection came from {@link Asyncio#startServer} (its protocol has a
   * client-connected callback), the client otherwise. Python's {@code await
   * writer.start_tls(sslcontext, server_hostname=..., ssl_handshake_timeout=...,
   * ssl_shutdown_timeout=...)} (3.11).
   *
   * <p>Bytes the reader already holds stay there, unencrypted: the protocol on the wire must say
   * when TLS starts (a {@code STARTTLS} command and its answer), and neither side may send TLS
   * records before it.
   *
   * <p><b>Suspends</b> while draining and during the handshake. <b>Cancellation:</b> a
   * cancellation point; cancelled during the handshake, it closes the connection. <b>Raises</b>
   * (when awaited) {@link SSLError} when the handshake fails ({@link SSLCertVerificationError}
   * for a certificate that does not verify), {@link io.weft.ConnectionAbortedError} when it takes longer
   * than {@code sslHandshakeTimeout}; either way the connection is closed.
   *
   * @param sslContext the TLS context. Not null.
   * @param serverHostname (client) the name to verify and send as SNI; null or empty for none
   * @param sslHandshakeTimeout seconds; positive
   * @param sslShutdownTimeout seconds; positive
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public Coro<Void> startTls(SSLContext sslContext, String serverHostname,
      double sslHandshakeTimeout, double sslShutdownTimeout) {
    Objects.requireNonNull(sslContext, "startTls() sslContext");
    ConnectionOptions.checkTimeout("sslHandshakeTimeout", sslHandshakeTimeout);
    ConnectionOptions.checkTimeout("sslShutdownTimeout", sslShutdownTimeout);
    return (Coro<Void>) (Coro<?>) new StartTlsFrame(this, sslContext, serverHostname,
        sslHandshakeTimeout, sslShutdownTimeout);
  }

  /** Returns {@code <StreamWriter transport=... reader=...>}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<StreamWriter transport=").append(transport);
    if (reader != null) {
      s.append(" reader=").append(reader);
    }
    return s.append('>').toString();
  }

  /**
   * {@link #drain()}.
   *
   * <pre>
   *  label 0  the reader has an exception? raise it; closing? await sleep(0)
   *  label 1  await the protocol's drainHelper() (inline when it need not wait)
   *  label 2  return
   * </pre>
   */
  private static final class Drain extends CoroFrame {
    private final StreamWriter writer;

    Drain(StreamWriter writer) {
      this.writer = writer;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          StreamReader r = writer.reader;
          if (r != null && r.exception() != null) {
            throw NetErrors.sneaky(r.exception());
          }
          if (writer.transport.isClosing()) {
            // let connectionLost run: without this yield a write()/drain() loop on a closed
            // connection would never see the error (Python issue 25441)
            value = Asyncio.sleep(0);
            label = 1;
            return Frame.AWAIT;
          }
          return helper();
        case 1:
          resumeValue();
          return helper();
        case 2:
          return resumeValue();
        default:
          throw new IllegalStateException("drain() resumed at unknown label " + label);
      }
    }

    /** The drain helper, without a frame of its own on the common path (not paused). */
    private Object helper() {
      FlowControlMixin p = writer.protocol;
      if (p.connectionLostFlag) {
        throw new ConnectionResetError("Connection lost");
      }
      if (!p.paused) {
        return null;
      }
      value = p.drainHelper();
      label = 2;
      return Frame.AWAIT;
    }

    @Override
    public StackTraceElement location() {
      return site(StreamWriter.class.getName(), "drain", "StreamWriter.java", "");
    }
  }

  /**
   * {@link #startTls(SSLContext, String, double, double)}.
   *
   * <pre>
   *  label 0  await drain()
   *  label 1  await loop.startTls(transport, protocol, ...)
   *  label 2  switch the writer, the protocol and the reader to the TLS transport
   * </pre>
   */
  private static final class StartTlsFrame extends CoroFrame {
    private final StreamWriter writer;
    private final SSLContext context;
    private final String serverHostname;
    private final double handshakeTimeout;
    private final double shutdownTimeout;

    StartTlsFrame(StreamWriter writer, SSLContext context, String serverHostname,
        double handshakeTimeout, double shutdownTimeout) {
      this.writer = writer;
      this.context = context;
      this.serverHostname = serverHostname;
      this.handshakeTimeout = handshakeTimeout;
      this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          value = writer.drain();
          label = 1;
          return Frame.AWAIT;
        case 1:
          resumeValue();
          FlowControlMixin p = writer.protocol;
          boolean serverSide = p instanceof StreamReaderProtocol
              && ((StreamReaderProtocol) p).hasClientConnectedCallback();
          value = writer.loop.startTls(writer.transport, p, context, serverSide, serverHostname,
              handshakeTimeout, shutdownTimeout);
          label = 2;
          return Frame.AWAIT;
        case 2:
          Transport t = (Transport) resumeValue();
          writer.transport = t;
          if (writer.protocol instanceof StreamReaderProtocol) {
            ((StreamReaderProtocol) writer.protocol).replaceTransport(t);
          } else if (writer.reader != null) {
            writer.reader.replaceTransport(t);
          }
          return null;
        default:
          throw new IllegalStateException("startTls() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(StreamWriter.class.getName(), "startTls", "StreamWriter.java", "");
    }
  }

  /** {@link #waitClosed()}: awaits the protocol's close waiter. */
  private static final class WaitClosed extends CoroFrame {
    private final StreamWriter writer;

    WaitClosed(StreamWriter writer) {
      this.writer = writer;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          Future<Void> f = writer.protocol.getCloseWaiter(writer);
          value = f;
          label = 1;
          return Frame.AWAIT;
        case 1:
          return resumeValue();
        default:
          throw new IllegalStateException("waitClosed() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(StreamWriter.class.getName(), "waitClosed", "StreamWriter.java", "");
    }
  }
}
