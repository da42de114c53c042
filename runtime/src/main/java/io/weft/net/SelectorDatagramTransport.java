package io.weft.net;

import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
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
final class SelectorDatagramTransport extends SelectorTransport<DatagramProtocol>
    implements DatagramTransport {
  /** What Python counts per buffered datagram on top of its payload. */
  private static final int HEADER = 8;

  /** A datagram waiting to be sent. */
  private record Pending(ByteBuffer data, SocketAddress addr) {}

  private final DatagramChannel channel;
  private final SocketAddress address;
  private final Runnable readReady = this::readReady;
  private final Runnable sendtoReady = this::sendtoReady;
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private long bufferSize;


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
    super(loop, channel, protocol);
    this.channel = channel;
    this.address = address;
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

  @Override
  public void setProtocol(DatagramProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
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

  // ------------------------------------------------------------------ the base's hooks

  @Override
  boolean bufferEmpty() {
    return buffer.isEmpty();
  }

  @Override
  void clearBuffer() {
    buffer.clear();
    bufferSize = 0;
  }

  @Override
  long bufferSize() {
    return bufferSize;
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
