package io.weft.net;

import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The transport of a datagram endpoint on a non-blocking {@link DatagramChannel} watched by the
 * loop's selector: Python's {@code selector_events._SelectorDatagramTransport}.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  state     closing  connLost  meaning
 *  OPEN      false    0         receiving; sending now or from the buffer
 *  CLOSING   true     0         close() with datagrams buffered: sending them, not receiving
 *  LOST      true     &gt;= 1      connectionLost is scheduled or has run; sends are dropped
 *
 *  OPEN ─close() with an empty buffer, abort(), or a fatal error─▶ LOST
 *  OPEN ─close() with datagrams buffered─▶ CLOSING ─buffer sent─▶ LOST
 * </pre>
 *
 * <h2>Errors</h2>
 *
 * A send or a receive that fails is the network's doing: the protocol's {@code errorReceived}
 * gets it and the endpoint stays open (Python's {@code error_received}). One receive per
 * readiness event, into the loop thread's read buffer, lent to {@code datagramReceived}.
 */
final class SelectorDatagramTransport implements DatagramTransport {
  private static final System.Logger LOG = System.getLogger("io.weft.net");

  /** Python's {@code constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
  private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  /** What Python counts per buffered datagram on top of its payload. */
  private static final int HEADER = 8;

  /** A datagram waiting to be sent. */
  private record Pending(ByteBuffer data, SocketAddress addr) {}

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final SocketAddress address;
  private final Map<String, Object> extra = new HashMap<>();
  private final Runnable readReady = this::readReady;
  private final Runnable sendtoReady = this::sendtoReady;
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private long bufferSize;

  private DatagramProtocol protocol;
  private int connLost;
  private boolean closing;
  private boolean closed;
  private boolean protocolPaused;
  private int highWater = 64 * 1024;
  private int lowWater = 16 * 1024;

  /**
   * Wraps a bound (and, with {@code address}, connected) non-blocking channel and schedules, in
   * order: the protocol's {@code connectionMade}, the start of receiving, and {@code waiter}'s
   * completion.
   *
   * @param address the peer of a connected endpoint, or null
   * @param waiter completed once connectionMade has run. May be null.
   */
  SelectorDatagramTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol,
      SocketAddress address, Future<Void> waiter) {
    this.loop = loop;
    this.channel = channel;
    this.address = address;
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    extra.put("socket", new TransportSocket(channel));
    try {
      extra.put("sockname", channel.getLocalAddress());
    } catch (IOException e) {
      extra.put("sockname", null);
    }
    extra.put("peername", address);
    DatagramProtocol made = protocol;
    loop.callSoon(() -> made.connectionMade(this));
    loop.callSoon(() -> { // only after connectionMade, as Python
      if (!closing) {
        loop.addReader(channel, readReady);
      }
    });
    if (waiter != null) {
      loop.callSoon(() -> {
        if (!waiter.done()) {
          waiter.setResult(null);
        }
      });
    }
  }

  // ------------------------------------------------------------------ base

  @Override
  public Object getExtraInfo(String name, Object defaultValue) {
    return extra.containsKey(name) ? extra.get(name) : defaultValue;
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public void setProtocol(DatagramProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public DatagramProtocol getProtocol() {
    return protocol;
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    loop.removeReader(channel);
    if (buffer.isEmpty()) {
      connLost++;
      loop.callSoon(() -> callConnectionLost(null));
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  // ------------------------------------------------------------------ receiving

  /** Python's {@code _read_ready}: one datagram per readiness event. */
  private void readReady() {
    if (connLost != 0) {
      return;
    }
    ByteBuffer buf = SelectorSocketTransport.READ_BUFFERS.get();
    buf.clear();
    SocketAddress from;
    try {
      from = channel.receive(buf);
    } catch (IOException e) {
      protocol.errorReceived(NetErrors.translate(e));
      return;
    }
    if (from == null) {
      return; // a spurious wake-up
    }
    buf.flip();
    protocol.datagramReceived(buf, from);
  }

  // ------------------------------------------------------------------ sending

  @Override
  public void sendto(ByteBuffer data, SocketAddress addr) {
    Objects.requireNonNull(data, "data");
    if (address != null) {
      if (addr != null && !addr.equals(address)) {
        throw new IllegalArgumentException(
            "Invalid address: must be null or " + address + " (the endpoint is connected), got "
                + addr);
      }
      addr = address;
    } else if (addr == null) {
      throw new IllegalArgumentException("sendto() needs an address: the endpoint has no"
          + " remote address; pass one, or create it with a remoteAddr");
    }
    if (!data.hasRemaining()) {
      return; // the JDK cannot send an empty datagram: Python before 3.13 sent nothing either
    }
    if (connLost != 0) {
      if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        LOG.log(System.Logger.Level.WARNING, "socket.send() raised exception.");
      }
      connLost++;
      data.position(data.limit());
      return;
    }
    if (buffer.isEmpty()) {
      // Python's "attempt to send it right away first"
      try {
        if (sendNow(data, addr)) {
          return;
        }
      } catch (IOException e) {
        data.position(data.limit());
        protocol.errorReceived(NetErrors.translate(e));
        return;
      }
      loop.addWriter(channel, sendtoReady);
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    buffer.addLast(new Pending(copy, addr));
    bufferSize += copy.remaining() + HEADER;
    maybePauseProtocol();
  }

  /**
   * Sends one datagram, never empty; false when the socket has no room for it now (nothing was
   * sent).
   */
  private boolean sendNow(ByteBuffer data, SocketAddress addr) throws IOException {
    return (address != null ? channel.write(data) : channel.send(data, addr)) > 0;
  }

  /** Python's {@code _sendto_ready}: the writer callback, registered while datagrams wait. */
  private void sendtoReady() {
    while (!buffer.isEmpty()) {
      Pending p = buffer.peekFirst();
      try {
        if (!sendNow(p.data(), p.addr())) {
          break; // try again on the next readiness event
        }
      } catch (IOException e) {
        dropFirst();
        protocol.errorReceived(NetErrors.translate(e));
        return;
      }
      dropFirst();
    }
    maybeResumeProtocol(); // may send more
    if (buffer.isEmpty()) {
      loop.removeWriter(channel);
      if (closing) {
        connLost++;
        callConnectionLost(null);
      }
    }
  }

  private void dropFirst() {
    Pending p = buffer.removeFirst();
    bufferSize -= p.data().capacity() + HEADER;
  }

  @Override
  public long getWriteBufferSize() {
    return bufferSize;
  }

  @Override
  public WriteTransport.BufferLimits getWriteBufferLimits() {
    return new WriteTransport.BufferLimits(lowWater, highWater);
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    if (!(high >= low && low >= 0)) {
      throw new IllegalArgumentException(
          "high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
    highWater = high;
    lowWater = low;
    maybePauseProtocol();
  }

  private void maybePauseProtocol() {
    if (bufferSize <= highWater || protocolPaused) {
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

  private void maybeResumeProtocol() {
    if (!protocolPaused || bufferSize > lowWater) {
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
  private void forceClose(Throwable exc) {
    if (connLost != 0) {
      return;
    }
    if (!buffer.isEmpty()) {
      buffer.clear();
      bufferSize = 0;
      loop.removeWriter(channel);
    }
    if (!closing) {
      closing = true;
      loop.removeReader(channel);
    }
    connLost++;
    loop.callSoon(() -> callConnectionLost(exc));
  }

  /** Python's {@code _call_connection_lost}: the protocol's last callback, then the socket. */
  private void callConnectionLost(Throwable exc) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      protocol.connectionLost(exc);
    } finally {
      loop.removeReader(channel);
      loop.removeWriter(channel);
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
      protocol = null;
    }
  }

  /** Returns {@code <SelectorDatagramTransport closing local->peer bufsize=n>}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<SelectorDatagramTransport");
    if (closed) {
      s.append(" closed");
    } else if (closing) {
      s.append(" closing");
    }
    s.append(' ').append(extra.get("sockname"));
    if (address != null) {
      s.append("->").append(address);
    }
    if (!closed) {
      s.append(" bufsize=").append(bufferSize);
    }
    return s.append('>').toString();
  }
}
