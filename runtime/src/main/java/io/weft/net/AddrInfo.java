package io.weft.net;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.Objects;

/**
 * One address {@link io.weft.EventLoop#getaddrinfo} found: Python's {@code (family, type, proto,
 * canonname, sockaddr)} tuple, without the parts Java has no use for. Java's channels are opened
 * by family alone ({@code SocketChannel.open(family)}), so there is no socket type or protocol
 * number, and no canonical name (Python leaves it empty unless asked with {@code AI_CANONNAME}).
 *
 * @param family {@link java.net.StandardProtocolFamily#INET} or {@link
 *     java.net.StandardProtocolFamily#INET6}. Not null.
 * @param sockaddr the address and port, resolved. Not null.
 */
public record AddrInfo(ProtocolFamily family, InetSocketAddress sockaddr) {

  /**
   * Checks the pair.
   *
   * @param family the family
   * @param sockaddr the address
   * @throws NullPointerException when either is null
   */
  public AddrInfo {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(sockaddr, "sockaddr");
  }
}
