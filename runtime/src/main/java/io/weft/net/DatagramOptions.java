package io.weft.net;

/**
 * The keyword arguments of {@link io.weft.EventLoop#createDatagramEndpoint}: Python's {@code
 * reuse_port=None, allow_broadcast=None}. Immutable; each {@code with} method returns a copy.
 * (Python removed {@code reuse_address} for datagrams in 3.11: with {@code SO_REUSEADDR} another
 * process could steal a UDP port.)
 *
 * <pre>{@code
 * DatagramOptions.defaults().withAllowBroadcast(true)
 * }</pre>
 *
 * @param reusePort whether to bind with {@code SO_REUSEPORT}, so that several endpoints share
 *     the port
 * @param allowBroadcast whether to set {@code SO_BROADCAST}, so that datagrams may go to a
 *     broadcast address
 */
public record DatagramOptions(boolean reusePort, boolean allowBroadcast) {

  private static final DatagramOptions DEFAULTS = new DatagramOptions(false, false);

  /**
   * Returns Python's defaults: neither option set.
   *
   * @return the defaults
   */
  public static DatagramOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with another {@code reusePort}.
   *
   * @param reusePort whether to set {@code SO_REUSEPORT}
   * @return the copy
   */
  public DatagramOptions withReusePort(boolean reusePort) {
    return new DatagramOptions(reusePort, allowBroadcast);
  }

  /**
   * Returns a copy with another {@code allowBroadcast}.
   *
   * @param allowBroadcast whether to set {@code SO_BROADCAST}
   * @return the copy
   */
  public DatagramOptions withAllowBroadcast(boolean allowBroadcast) {
    return new DatagramOptions(reusePort, allowBroadcast);
  }
}
