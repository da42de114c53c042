package io.weft.net;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Unix-domain stream sockets: Python's {@code loop.create_unix_connection} and {@code
 * loop.create_unix_server} ({@code unix_events._UnixSelectorEventLoop}) and the Unix half of
 * {@code streams.py} ({@code open_unix_connection}, {@code start_unix_server}), on the JDK's
 * {@link UnixDomainSocketAddress} channels (Java 16+). Call them through {@link EventLoop} and
 * {@link Asyncio}; they are public only because those live in another package.
 *
 * <p>A Unix-domain connection gets the same transport as a TCP one ({@link
 * SelectorSocketTransport}), and its server is a {@link Server}; only the socket differs. The
 * socket file is the server's: a stale one left by a dead server is removed before binding, and
 * the server removes its own when it closes, as Python does (3.13's {@code cleanup_socket}).
 */
public final class UnixEvents {
  private static final System.Logger LOG = System.getLogger("io.weft.net");

  /** {@code S_IFMT} and {@code S_IFSOCK} of {@code stat(2)}'s mode. */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private UnixEvents() {}

  /**
   * {@link EventLoop#createUnixConnection}: see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes the protocol. Not null.
   * @param path the server's socket file. Not null.
   * @param <P> the protocol's type
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static <P extends Protocol> Coro<TransportProtocol<P>> createUnixConnection(
      EventLoop loop, Supplier<? extends P> factory, Path path) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(path, "createUnixConnection() path: give the server's socket file");
    return (Coro<TransportProtocol<P>>) (Coro<?>) new CreateUnixConnection<P>(loop, factory,
        path);
  }

  /**
   * {@link EventLoop#createUnixServer(Supplier, Path, ServerOptions, boolean)}: see there.
   *
   * @param loop the loop. Not null.
   * @param factory makes each connection's protocol. Not null.
   * @param path the socket file to create. Not null.
   * @param options the options. Not null.
   * @param cleanupSocket whether closing the server removes the socket file
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Server> createUnixServer(EventLoop loop,
      Supplier<? extends Protocol> factory, Path path, ServerOptions options,
      boolean cleanupSocket) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(path, "createUnixServer() path: give the socket file to create");
    Objects.requireNonNull(options, "options");
    return (Coro<Server>) (Coro<?>) new CreateUnixServer(loop, factory, path, options,
        cleanupSocket);
  }

  /**
   * {@link Asyncio#openUnixConnection(Path, int)}: see there.
   *
   * @param path the server's socket file. Not null.
   * @param limit the reader's limit; positive
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Streams> openUnixConnection(Path path, int limit) {
    Objects.requireNonNull(path, "openUnixConnection() path: give the server's socket file");
    return Streams.open("openUnixConnection()", limit,
        (loop, protocol) -> loop.createUnixConnection(protocol, path));
  }

  /**
   * {@link Asyncio#startUnixServer(ClientConnected, Path, int, ServerOptions)}: see there.
   *
   * @param clientConnected called for each connection. Not null.
   * @param path the socket file to create. Not null.
   * @param limit each reader's limit; positive
   * @param options the server's options. Not null.
   * @return the coroutine
   */
  @SuppressWarnings("unchecked")
  public static Coro<Server> startUnixServer(ClientConnected clientConnected, Path path,
      int limit, ServerOptions options) {
    Objects.requireNonNull(path, "startUnixServer() path: give the socket file to create");
    Objects.requireNonNull(options, "options");
    return Streams.serve("startUnixServer()", clientConnected, limit,
        (loop, factory) -> loop.createUnixServer(factory, path, options));
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was sent on it
      }
    }
  }

  /**
   * Removes {@code path} when it is a socket file: a server that died without cleaning up left
   * it, and binding would fail with "Address already in use". Anything else at that path (a
   * regular file, a directory) is left alone, and the bind reports it. Python's check in {@code
   * create_unix_server}.
   */
  static void removeStaleSocket(Path path) {
    try {
      if (isSocket(path)) {
        Files.delete(path);
      }
    } catch (NoSuchFileException nothingThere) {
      // the usual case
    } catch (IOException | SecurityException e) {
      LOG.log(System.Logger.Level.ERROR, "Unable to check or remove stale UNIX socket " + path,
          e);
    }
  }

  private static boolean isSocket(Path path) throws IOException {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      // a file system without the "unix" view: "other" is neither file, directory nor link
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isOther();
    }
  }

  /** The identity of the file at {@code path} (device and inode on Unix), or null. */
  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * Removes the server's socket file when it is still the one the server created (another
   * server may have replaced it meanwhile). Python's {@code _stop_serving} for Unix sockets.
   */
  private static void cleanup(Path path, Object key) {
    try {
      if (key != null && key.equals(fileKey(path))) {
        Files.delete(path);
      }
    } catch (NoSuchFileException gone) {
      // somebody removed it already
    } catch (IOException | SecurityException e) {
      LOG.log(System.Logger.Level.ERROR, "Unable to clean up listening UNIX socket " + path, e);
    }
  }

  // ------------------------------------------------------------------ createUnixConnection

  /**
   * The coroutine of createUnixConnection.
   *
   * <pre>
   *  label 0  open a non-blocking Unix-domain channel; await loop.sockConnect(channel, path)
   *  label 1  protocol = factory(); transport; await its connectionMade
   *  label 2  return (transport, protocol)
   * </pre>
   *
   * Cancelled or failed at label 1, the channel is closed; at label 2, the transport.
   */
  private static final class CreateUnixConnection<P extends Protocol> extends CoroFrame {
    private final EventLoop loop;
    private final Supplier<? extends P> factory;
    private final Path path;
    private SocketChannel channel;
    private SelectorSocketTransport transport;
    private P protocol;

    CreateUnixConnection(EventLoop loop, Supplier<? extends P> factory, Path path) {
      this.loop = loop;
      this.factory = factory;
      this.path = path;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
          try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
          } catch (IOException e) {
            closeQuietly(channel);
            throw NetErrors.translate("cannot open a Unix-domain socket", e);
          }
          value = loop.sockConnect(channel, address);
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            resumeValue();
            protocol = factory.get();
            if (protocol == null) {
              throw new NullPointerException(
                  "the protocol factory " + factory + " returned null");
            }
          } catch (Throwable t) {
            closeQuietly(channel);
            throw t;
          }
          Future<Void> waiter = loop.createFuture();
          transport = new SelectorSocketTransport(loop, channel, protocol, waiter, null);
          value = waiter;
          label = 2;
          return Frame.AWAIT;
        case 2:
          try {
            resumeValue();
          } catch (Throwable t) {
            transport.close();
            throw t;
          }
          return new TransportProtocol<P>(transport, protocol);
        default:
          throw new IllegalStateException(
              "createUnixConnection() resumed at unknown label " + label);
      }
    }
  }

  // ------------------------------------------------------------------ createUnixServer

  /**
   * The coroutine of createUnixServer.
   *
   * <pre>
   *  label 0  remove a stale socket file; bind; start serving unless told not to, and yield
   *           once (Python's sleep(0))
   *  label 1  return the server
   * </pre>
   */
  private static final class CreateUnixServer extends CoroFrame {
    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final Path path;
    private final ServerOptions options;
    private final boolean cleanupSocket;
    private Server server;

    CreateUnixServer(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
        ServerOptions options, boolean cleanupSocket) {
      this.loop = loop;
      this.factory = factory;
      this.path = path;
      this.options = options;
      this.cleanupSocket = cleanupSocket;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          if (options.reusePort()) {
            throw new IllegalArgumentException(
                "reusePort is not supported for Unix-domain sockets: leave it false");
          }
          return bind();
        case 1:
          resumeValue();
          return server;
        default:
          throw new IllegalStateException("createUnixServer() resumed at unknown label " + label);
      }
    }

    private Object bind() {
      UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
      removeStaleSocket(path);
      ServerSocketChannel s = null;
      try {
        s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.configureBlocking(false);
        s.bind(address, options.backlog());
      } catch (BindException e) {
        closeQuietly(s);
        // Python: OSError(EADDRINUSE, "Address '/tmp/x.sock' is already in use")
        throw new OSError("Address '" + path + "' is already in use: " + e.getMessage(), e);
      } catch (IOException e) {
        closeQuietly(s);
        throw NetErrors.translate("cannot bind a Unix-domain socket to " + path, e);
      }
      server = new Server(loop, List.of(s), factory, options.backlog());
      if (cleanupSocket) {
        Object key = fileKey(path);
        server.onClose(() -> cleanup(path, key));
      }
      if (!options.startServing()) {
        return server;
      }
      server.startServingNow();
      value = Asyncio.sleep(0); // let the accept callbacks go through, as Python
      label = 1;
      return Frame.AWAIT;
    }
  }
}
