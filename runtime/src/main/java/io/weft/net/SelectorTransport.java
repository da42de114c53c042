package io.weft.net;

import io.weft.EventLoop;
import io.weft.internal.OpenResources;
import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the stream and datagram transports over a selectable channel share: Python's {@code
 * selector_events._SelectorTransport}. Extra info, the closing states, the write buffer's water
 * marks with the protocol's pause/resume, and the end of the connection ({@code _force_close},
 * {@code _call_connection_lost}). Subclasses own their buffer and their reading and writing.
 *
 * <pre>
 *  state     closing  connLost  meaning
 *  OPEN      false    0         reading; writing now or from the buffer
 *  CLOSING   true     0         close() with data buffered: flushing it, not reading
 *  LOST      true     &gt;= 1      connectionLost is scheduled or has run; writes are dropped
 * </pre>
 *
 * <p><b>Thread:</b> the loop's.
 *
 * @param <P> the protocol kind
 */
abstract class SelectorTransport<P extends BaseProtocol> {
  static final System.Logger LOG = System.getLogger("io.weft.net");

  /** Python's {@code constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
  static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  final EventLoop loop;
  final Map<String, Object> extra = new HashMap<>();
  private final SelectableChannel selectable;

  P protocol;

  /** Python's {@code _conn_lost}: connectionLost scheduled, then a count of writes dropped. */
  int connLost;

  boolean closing;
  boolean closed;

  private boolean protocolPaused;
  private int highWater = 64 * 1024;
  private int lowWater = 16 * 1024;

  <C extends SelectableChannel & NetworkChannel> SelectorTransport(EventLoop loop, C channel,
      P protocol) {
    this.loop = loop;
    this.selectable = channel;
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    extra.put("socket", new TransportSocket(channel));
  }

  /** Whether nothing waits in the write buffer. */
  abstract boolean bufferEmpty();

  /** Drops what waits in the write buffer ({@code abort}, a fatal error). */
  abstract void clearBuffer();

  /** The write buffer's size in bytes, as the water marks count it. */
  abstract long bufferSize();

  /** Whether connectionLost is owed to the protocol (a stream protocol replaced midway is). */
  boolean protocolConnected() {
    return true;
  }

  /** After connectionLost and the socket's close: what else the subclass lets go of. */
  void lost() {}

  // ------------------------------------------------------------------ base

  public Object getExtraInfo(String name, Object defaultValue) {
    return extra.containsKey(name) ? extra.get(name) : defaultValue;
  }

  public boolean isClosing() {
    return closing;
  }

  public P getProtocol() {
    return protocol;
  }

  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    loop.removeReader(selectable);
    if (bufferEmpty()) {
      connLost++;
      loop.removeWriter(selectable);
      loop.callSoon(() -> callConnectionLost(null));
    }
  }

  public void abort() {
    forceClose(null);
  }

  // ------------------------------------------------------------------ flow control

  public long getWriteBufferSize() {
    return bufferSize();
  }

  public WriteTransport.BufferLimits getWriteBufferLimits() {
    return new WriteTransport.BufferLimits(lowWater, highWater);
  }

  public void setWriteBufferLimits(int high, int low) {
    NetErrors.checkWriteBufferLimits(high, low);
    highWater = high;
    lowWater = low;
    maybePauseProtocol();
  }

  /** The high-water mark: the protocol is paused when the buffer goes over it. */
  final int highWater() {
    return highWater;
  }

  /** Python's {@code _maybe_pause_protocol}. */
  final void maybePauseProtocol() {
    if (bufferSize() <= highWater || protocolPaused) {
      return;
    }
    protocolPaused = true;
    try {
      protocol.pauseWriting();
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      NetErrors.report(loop, "protocol.pauseWriting() failed", t, "transport", this,
          "protocol", protocol);
    }
  }

  /** Python's {@code _maybe_resume_protocol}. */
  final void maybeResumeProtocol() {
    if (!protocolPaused || bufferSize() > lowWater) {
      return;
    }
    protocolPaused = false;
    try {
      protocol.resumeWriting();
    } catch (Throwable t) {
      if (NetErrors.escapes(t)) {
        throw t;
      }
      NetErrors.report(loop, "protocol.resumeWriting() failed", t, "transport", this,
          "protocol", protocol);
    }
  }

  // ------------------------------------------------------------------ the end

  /** Python's {@code _force_close}. */
  final void forceClose(Throwable exc) {
    if (connLost != 0) {
      return;
    }
    if (!bufferEmpty()) {
      clearBuffer();
      loop.removeWriter(selectable);
    }
    if (!closing) {
      closing = true;
      loop.removeReader(selectable);
    }
    connLost++;
    loop.callSoon(() -> callConnectionLost(exc));
  }

  /** Unregisters and closes the socket: the end of the connection, or of an unclosed one. */
  final void closeSocket() {
    OpenResources.closed(loop, this);
    loop.removeReader(selectable);
    loop.removeWriter(selectable);
    try {
      selectable.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  /** Python's {@code _call_connection_lost}: the protocol's last callback, then the socket. */
  final void callConnectionLost(Throwable exc) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (protocolConnected()) {
        protocol.connectionLost(exc);
      }
    } finally {
      closeSocket();
      protocol = null;
      lost();
    }
  }
}
