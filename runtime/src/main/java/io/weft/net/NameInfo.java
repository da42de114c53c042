package io.weft.net;

import java.util.Objects;

/**
 * What {@link io.weft.EventLoop#getnameinfo} found: Python's {@code (host, port)} pair. Python
 * gives the port as a service name when it knows one ({@code "http"}); the JDK cannot look
 * service names up, so here it is always the number (Python's {@code NI_NUMERICSERV}).
 *
 * @param host the host's name, or its address in text when the name lookup found none (Python's
 *     behaviour without {@code NI_NAMEREQD}). Not null.
 * @param port the port
 */
public record NameInfo(String host, int port) {

  /**
   * Checks the pair.
   *
   * @param host the host
   * @param port the port
   * @throws NullPointerException when {@code host} is null
   */
  public NameInfo {
    Objects.requireNonNull(host, "host");
  }
}
