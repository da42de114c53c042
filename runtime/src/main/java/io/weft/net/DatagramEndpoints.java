package io.weft.net;

import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The coroutine behind {@link EventLoop#createDatagramEndpoint}: Python's {@code
 * base_events.create_datagram_endpoint} with the socket work of {@code selector_events}. Call it
 * through the loop; it is public only because the loop lives in another package.
 */
public final class DatagramEndpoints {
  private DatagramEndpoints() {}

  /**
   * {@link EventLoop#createDatagramEndpoint}: see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes the endpoint's protocol. Not null.
   * @param localAddr where to bind, or null
   * @param remoteAddr the peer to connect to, or null
   * @param options the options. Not null.
   * @param <P> the protocol's type
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static <P extends DatagramProtocol> Coro<DatagramTransportProtocol<P>>
      createDatagramEndpoint(EventLoop loop, Supplier<? extends P> factory,
          SocketAddress localAddr, SocketAddress remoteAddr, DatagramOptions options) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(options, "options");
    check(localAddr, "localAddr");
    check(remoteAddr, "remoteAddr");
    return (Coro<DatagramTransportProtocol<P>>) (Coro<?>) new CreateEndpoint<P>(loop, factory,
        (InetSocketAddress) localAddr, (InetSocketAddress) remoteAddr, options);
  }

  private static void check(SocketAddress a, String name) {
    if (a != null && !(a instanceof InetSocketAddress)) {
      throw new IllegalArgumentException("createDatagramEndpoint() " + name + ": give an"
          + " InetSocketAddress (the JDK has no Unix-domain datagram channels), got " + a);
    }
  }

  private static ProtocolFamily family(InetSocketAddress a) {
    return a.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  /**
   * The coroutine of createDatagramEndpoint.
   *
   * <pre>
   *  label 0  an unresolved localAddr? await its lookup (label 1)
   *  label 1  an unresolved remoteAddr? await its lookup (label 2)
   *  label 2  open, configure, bind, connect; protocol = factory(); transport;
   *           await its connectionMade (label 3)
   *  label 3  return (transport, protocol)
   * </pre>
   *
   * Cancelled during a lookup, it holds nothing; at label 3, it closes the transport.
   */
  private static final class CreateEndpoint<P extends DatagramProtocol> extends CoroFrame {
    private final EventLoop loop;
    private final Supplier<? extends P> factory;
    private final DatagramOptions options;
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private DatagramTransport transport;
    private P protocol;

    CreateEndpoint(EventLoop loop, Supplier<? extends P> factory, InetSocketAddress local,
        InetSocketAddress remote, DatagramOptions options) {
      this.loop = loop;
      this.factory = factory;
      this.local = local;
      this.remote = remote;
      this.options = options;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (local != null && local.isUnresolved()) {
            value = SelectorEvents.resolve(loop, local.getHostString());
            label = 1;
            return Frame.AWAIT;
          }
          return resolveRemote();
        case 1:
          local = new InetSocketAddress(((InetAddress[]) resumeValue())[0], local.getPort());
          return resolveRemote();
        case 2:
          remote = new InetSocketAddress(((InetAddress[]) resumeValue())[0], remote.getPort());
          return open();
        case 3:
          try {
            resumeValue();
          } catch (Throwable t) {
            transport.close();
            throw t;
          }
          return new DatagramTransportProtocol<P>(transport, protocol);
        default:
          throw new IllegalStateException(
              "createDatagramEndpoint() resumed at unknown label " + label);
      }
    }

    private Object resolveRemote() {
      if (remote != null && remote.isUnresolved()) {
        value = SelectorEvents.resolve(loop, remote.getHostString());
        label = 2;
        return Frame.AWAIT;
      }
      return open();
    }

    /** Opens the channel of the addresses' family, bound and connected as asked: label 3. */
    private Object open() {
      ProtocolFamily family = local != null ? family(local) : remote != null ? family(remote)
          : null;
      if (local != null && remote != null && family(remote) != family) {
        throw new IllegalArgumentException("createDatagramEndpoint(): localAddr " + local
            + " and remoteAddr " + remote + " are of different families");
      }
      DatagramChannel c = null;
      String step = "cannot open a datagram socket";
      try {
        c = family == null ? DatagramChannel.open() : DatagramChannel.open(family);
        c.configureBlocking(false);
        if (options.reusePort()) {
          if (!c.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            throw new IllegalArgumentException(
                "reusePort not supported by this platform's sockets: leave it false");
          }
          c.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        if (options.allowBroadcast()) {
          c.setOption(StandardSocketOptions.SO_BROADCAST, true);
        }
        if (local != null) {
          step = "cannot bind a datagram socket to " + SelectorEvents.describe(local);
          c.bind(local);
        }
        if (remote != null) {
          step = "cannot connect a datagram socket to " + SelectorEvents.describe(remote);
          c.connect(remote); // no packet: it only fixes the peer
        }
        protocol = factory.get();
        if (protocol == null) {
          throw new NullPointerException("the protocol factory " + factory + " returned null");
        }
      } catch (IOException e) {
        closeQuietly(c);
        throw NetErrors.translate(step, e);
      } catch (RuntimeException | Error e) {
        closeQuietly(c);
        throw e;
      }
      Future<Void> waiter = loop.createFuture();
      transport = new SelectorDatagramTransport(loop, c, protocol, remote, waiter);
      value = waiter;
      label = 3;
      return Frame.AWAIT;
    }

    private static void closeQuietly(DatagramChannel c) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // nothing was sent on it
        }
      }
    }
  }
}
