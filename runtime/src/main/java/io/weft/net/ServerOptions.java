package io.weft.net;

/**
 * The keyword arguments of {@link io.weft.EventLoop#createServer} and {@link
 * io.weft.Asyncio#startServer}: Python's {@code backlog=100, reuse_address=None,
 * reuse_port=None, start_serving=True}. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * ServerOptions.defaults().withBacklog(1000).withReusePort(true)
 * }</pre>
 *
 * @param backlog the length of the queue of connections not yet accepted; at least 1. Each
 *     readiness event also accepts at most this many connections, as Python.
 * @param reuseAddress whether to bind with {@code SO_REUSEADDR}, so that a restarted server can
 *     bind while old connections are in TIME_WAIT. Python's default on Unix: true.
 * @param reusePort whether to bind with {@code SO_REUSEPORT}, so that several sockets (in several
 *     loops or processes) share the port
 * @param startServing whether to accept connections at once; otherwise only after {@link
 *     Server#startServing()} or {@link Server#serveForever()}
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort,
    boolean startServing) {

  private static final ServerOptions DEFAULTS = new ServerOptions(100, true, false, true);

  /**
   * Checks the options.
   *
   * @param backlog the backlog; at least 1
   * @param reuseAddress whether to set {@code SO_REUSEADDR}
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @param startServing whether to accept at once
   * @throws IllegalArgumentException when {@code backlog} is less than 1
   */
  public ServerOptions {
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
    }
  }

  /**
   * Returns Python's defaults: backlog 100, reuseAddress true, reusePort false, startServing
   * true.
   *
   * @return the defaults
   */
  public static ServerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another backlog.
   *
   * @param backlog the backlog; at least 1
   * @return the copy
   */
  public ServerOptions withBacklog(int backlog) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing);
  }

  /**
   * Returns a copy with another {@code reuseAddress}.
   *
   * @param reuseAddress whether to set {@code SO_REUSEADDR}
   * @return the copy
   */
  public ServerOptions withReuseAddress(boolean reuseAddress) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing);
  }

  /**
   * Returns a copy with another {@code reusePort}.
   *
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @return the copy
   */
  public ServerOptions withReusePort(boolean reusePort) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing);
  }

  /**
   * Returns a copy with another {@code startServing}.
   *
   * @param startServing whether to accept at once
   * @return the copy
   */
  public ServerOptions withStartServing(boolean startServing) {
    return new ServerOptions(backlog, reuseAddress, reusePort, startServing);
  }
}
