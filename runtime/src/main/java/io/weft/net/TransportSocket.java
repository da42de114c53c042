package io.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A read-mostly view of a transport's or a server's socket: Python's {@code
 * asyncio.trsock.TransportSocket}. It answers questions (addresses, options) but offers no way to
 * read, write or close the socket, which belong to the transport or the server.
 *
 * <p>Not thread-safe: use it on its loop's thread.
 */
public final class TransportSocket {
  private final NetworkChannel channel;

  TransportSocket(NetworkChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /**
   * Returns the IP address the socket is bound to. Python's {@code getsockname()}. After {@code
   * port 0} it tells the port the system chose.
   *
   * @return the address, or null when the socket is closed or not bound
   * @throws IllegalStateException for a Unix-domain socket, whose address is a path: call {@link
   *     #getLocalAddress()}
   */
  public InetSocketAddress getsockname() {
    return inet(getLocalAddress(), "getsockname", "getLocalAddress");
  }

  /**
   * Returns the IP address of the peer. Python's {@code getpeername()}.
   *
   * @return the address, or null for a listening socket, or when closed or not connected
   * @throws IllegalStateException for a Unix-domain socket, whose address is a path: call {@link
   *     #getRemoteAddress()}
   */
  public InetSocketAddress getpeername() {
    return inet(getRemoteAddress(), "getpeername", "getRemoteAddress");
  }

  /**
   * Returns the address the socket is bound to, of any family: an {@link InetSocketAddress}, or
   * for a Unix-domain socket a {@link java.net.UnixDomainSocketAddress} (Python's {@code
   * getsockname()} returns the path there). The JDK's {@code NetworkChannel.getLocalAddress()}.
   *
   * @return the address, or null when the socket is closed or not bound
   */
  public SocketAddress getLocalAddress() {
    try {
      return channel.getLocalAddress();
    } catch (IOException closed) {
      return null;
    }
  }

  /**
   * Returns the address of the peer, of any family. The JDK's {@code getRemoteAddress()}.
   *
   * @return the address, or null for a listening socket, or when closed or not connected
   */
  public SocketAddress getRemoteAddress() {
    try {
      if (channel instanceof SocketChannel) {
        return ((SocketChannel) channel).getRemoteAddress();
      }
      if (channel instanceof DatagramChannel) {
        return ((DatagramChannel) channel).getRemoteAddress();
      }
      return null;
    } catch (IOException closed) {
      return null;
    }
  }

  private static InetSocketAddress inet(SocketAddress a, String method, String instead) {
    if (a == null || a instanceof InetSocketAddress) {
      return (InetSocketAddress) a;
    }
    throw new IllegalStateException(method + "(): the socket's address is " + a
        + ", not an IP address: call " + instead + "() for any family");
  }

  /**
   * Returns a socket option. Python's {@code getsockopt(level, option)}.
   *
   * @param option the option, e.g. {@link java.net.StandardSocketOptions#SO_RCVBUF}
   * @param <T> the option's type
   * @return its value
   * @throws io.weft.OSError when the socket is closed or the option cannot be read
   * @throws UnsupportedOperationException when the socket does not support the option
   */
  public <T> T getsockopt(SocketOption<T> option) {
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      throw NetErrors.translate("getsockopt(" + option + ") failed on " + this, e);
    }
  }

  /**
   * Sets a socket option. Python's {@code setsockopt(level, option, value)}.
   *
   * @param option the option, e.g. {@link java.net.StandardSocketOptions#SO_SNDBUF}
   * @param value its value
   * @param <T> the option's type
   * @throws io.weft.OSError when the socket is closed or the option cannot be set
   * @throws UnsupportedOperationException when the socket does not support the option
   */
  public <T> void setsockopt(SocketOption<T> option, T value) {
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw NetErrors.translate("setsockopt(" + option + ", " + value + ") failed on " + this, e);
    }
  }

  /** Returns {@code <TransportSocket laddr=... raddr=...>}, or {@code closed}, as Python's. */
  @Override
  public String toString() {
    if (!channel.isOpen()) {
      return "<TransportSocket closed>";
    }
    StringBuilder s = new StringBuilder("<TransportSocket laddr=").append(getLocalAddress());
    SocketAddress peer = getRemoteAddress();
    if (peer != null) {
      s.append(" raddr=").append(peer);
    }
    return s.append('>').toString();
  }
}
