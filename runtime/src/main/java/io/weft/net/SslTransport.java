package io.weft.net;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The transport a protocol sees on a TLS connection: Python's {@code
 * sslproto._SSLProtocolTransport}. It has the contract of every {@link Transport}, with what TLS
 * changes:
 *
 * <ul>
 *   <li>{@link #write} encrypts at once and hands the records to the TCP transport; the
 *       flow-control marks apply to what TLS holds back while the TCP transport is over its own
 *       high-water mark (Python's defaults: 512 KiB high, a quarter of it low).
 *   <li>{@link #close()} flushes, sends close_notify, waits for the peer's (at most the shutdown
 *       timeout), then closes the TCP connection; the protocol's {@code connectionLost(null)}
 *       follows. {@link #abort()} closes the TCP connection at once, without close_notify.
 *   <li>{@link #writeEof()} is not supported, as in Python: TLS has no half-close here, {@link
 *       #canWriteEof()} is false.
 *   <li>{@link #pauseReading()} holds the decrypted data back; the TCP transport keeps reading
 *       until 256 KiB of records are waiting, then pauses too.
 *   <li>{@link #getExtraInfo} knows {@code "sslcontext"} (the {@link javax.net.ssl.SSLContext}),
 *       and once the handshake is done {@code "ssl_object"} (the {@link
 *       javax.net.ssl.SSLEngine}: {@code getSession()} has the protocol, the peer's chain,
 *       {@code getApplicationProtocol()} the ALPN choice), {@code "peercert"} (the peer's {@link
 *       java.security.cert.X509Certificate}, or null when it sent none), {@code "cipher"} (a
 *       {@link CipherInfo}) and {@code "compression"} (always null); other names are asked of
 *       the TCP transport ({@code "peername"}, {@code "sockname"}, {@code "socket"}).
 * </ul>
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class SslTransport implements Transport {
  private final SslProtocol ssl;
  private boolean closed;

  SslTransport(SslProtocol ssl) {
    this.ssl = ssl;
  }

  /** The protocol shut the connection down or lost it: the transport is closing. */
  void markClosed() {
    closed = true;
  }

  @Override
  public Object getExtraInfo(String name, Object defaultValue) {
    return ssl.getExtraInfo(name, defaultValue);
  }

  @Override
  public boolean isClosing() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      ssl.startShutdown();
    }
  }

  @Override
  public void abort() {
    closed = true;
    ssl.abort(null);
  }

  @Override
  public void setProtocol(Protocol protocol) {
    ssl.setAppProtocol(protocol);
  }

  @Override
  public Protocol getProtocol() {
    return ssl.appProtocol();
  }

  @Override
  public boolean isReading() {
    return !closed && !ssl.reader.isAppReadingPaused();
  }

  @Override
  public void pauseReading() {
    if (!closed) {
      ssl.reader.pauseReading();
    }
  }

  @Override
  public void resumeReading() {
    ssl.reader.resumeReading();
  }

  @Override
  public void write(byte[] data) {
    write(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (!data.hasRemaining()) {
      return;
    }
    ssl.writer.write(data);
  }

  @Override
  public void writelines(Iterable<byte[]> data) {
    Objects.requireNonNull(data, "data");
    for (byte[] b : data) {
      write(b);
    }
  }

  /**
   * Not supported: Python's {@code _SSLProtocolTransport.write_eof()} raises {@code
   * NotImplementedError}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void writeEof() {
    throw new UnsupportedOperationException("writeEof() is not supported on a TLS transport"
        + " (canWriteEof() is false): close() sends close_notify and closes the connection");
  }

  @Override
  public boolean canWriteEof() {
    return false;
  }

  @Override
  public long getWriteBufferSize() {
    return ssl.writer.getWriteBufferSize();
  }

  @Override
  public BufferLimits getWriteBufferLimits() {
    return new BufferLimits(ssl.writer.outgoingLow(), ssl.writer.outgoingHigh());
  }

  /**
   * Sets Python's TLS defaults: 512 KiB high, 128 KiB low (a plain transport's are 64 and 16).
   */
  @Override
  public void setWriteBufferLimits() {
    setWriteBufferLimits(SslWriter.WRITE_HIGH_WATER);
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    ssl.writer.setWriteBufferLimits(high, low);
  }

  /** Returns {@code <SslTransport [closing] <SslProtocol ...>>}. */
  @Override
  public String toString() {
    return "<SslTransport " + (closed ? "closing " : "") + ssl + ">";
  }
}
