package io.weft.net;

import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Handle;
import io.weft.OSError;
import io.weft.internal.CoroFrame;
import io.weft.internal.EagerCoroFrame;
import io.weft.internal.Frame;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The coroutines behind the loop's low-level socket methods: Python's {@code loop.sock_recv},
 * {@code sock_recv_into}, {@code sock_sendall}, {@code sock_connect}, {@code sock_accept}
 * ({@code selector_events.BaseSelectorEventLoop}) and {@code loop.getaddrinfo}, {@code
 * getnameinfo} ({@code base_events}). Call them through {@link EventLoop}; they are public only
 * because the loop lives in another package.
 *
 * <h2>How one operation runs</h2>
 *
 * <pre>
 *  label 0  check the channel is non-blocking; try the operation now
 *           done (or failed)? return (raise) without suspending
 *           would block? register a reader (recv, accept) or a writer (send, connect)
 *           whose callback tries again, and await a future it completes
 *  label 1  return the future's result (or raise its error)
 * </pre>
 *
 * The future's done callback removes the reader or writer, whether it completed or was
 * cancelled, unless another operation on the channel replaced it meanwhile (its handle is then
 * cancelled): Python's {@code _sock_read_done} / {@code _sock_write_done}. So a cancelled {@code
 * sockRecv} leaves nothing registered and consumes nothing, and the next {@code sockRecv} sees
 * every byte.
 */
public final class SelectorSockets {
  private SelectorSockets() {}

  /** What a finished operation with no value returns (distinct from "would block"). */
  private static final Object NONE = null;

  /**
   * {@link EventLoop#sockRecv}: see there.
   *
   * @param loop the loop. Not null.
   * @param channel a connected non-blocking channel. Not null.
   * @param n the most bytes to read; not negative
   * @return the coroutine
   */
  public static Coro<byte[]> sockRecv(EventLoop loop, SocketChannel channel, int n) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channel, "channel");
    if (n < 0) {
      throw new IllegalArgumentException("sockRecv(): negative buffer size " + n);
    }
    return cast(new Recv(loop, channel, n));
  }

  /**
   * {@link EventLoop#sockRecvInto}: see there.
   *
   * @param loop the loop. Not null.
   * @param channel a connected non-blocking channel. Not null.
   * @param buffer where the bytes go, from its position to its limit. Not null.
   * @return the coroutine
   */
  public static Coro<Integer> sockRecvInto(EventLoop loop, SocketChannel channel,
      ByteBuffer buffer) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(buffer, "buffer");
    if (buffer.isReadOnly()) {
      throw new IllegalArgumentException("sockRecvInto(): the buffer is read-only: pass a"
          + " writable one, e.g. ByteBuffer.allocate(n)");
    }
    return cast(new RecvInto(loop, channel, buffer));
  }

  /**
   * {@link EventLoop#sockSendall(SocketChannel, ByteBuffer)}: see there.
   *
   * @param loop the loop. Not null.
   * @param channel a connected non-blocking channel. Not null.
   * @param data the bytes from its position to its limit. Not null.
   * @return the coroutine
   */
  public static Coro<Void> sockSendall(EventLoop loop, SocketChannel channel, ByteBuffer data) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(data, "data");
    return cast(new Sendall(loop, channel, data));
  }

  /**
   * {@link EventLoop#sockConnect}: see there.
   *
   * @param loop the loop. Not null.
   * @param channel a non-blocking channel, not connected. Not null.
   * @param address where to connect. Not null.
   * @return the coroutine
   */
  public static Coro<Void> sockConnect(EventLoop loop, SocketChannel channel,
      SocketAddress address) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    return cast(new Connect(loop, channel, address));
  }

  /**
   * {@link EventLoop#sockAccept}: see there.
   *
   * @param loop the loop. Not null.
   * @param channel a bound, non-blocking server channel. Not null.
   * @return the coroutine
   */
  public static Coro<SocketChannel> sockAccept(EventLoop loop, ServerSocketChannel channel) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(channel, "channel");
    return cast(new Accept(loop, channel));
  }

  /**
   * {@link EventLoop#getaddrinfo(String, int, ProtocolFamily)}: see there.
   *
   * @param loop the loop. Not null.
   * @param host the name or address literal, or null for the loopback addresses
   * @param port the port, 0 to 65535
   * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}
   *     to keep only those addresses, or null for both
   * @return the coroutine
   */
  public static Coro<List<AddrInfo>> getaddrinfo(EventLoop loop, String host, int port,
      ProtocolFamily family) {
    Objects.requireNonNull(loop, "loop");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("getaddrinfo(): port must be 0-65535, got " + port);
    }
    if (family != null && family != StandardProtocolFamily.INET
        && family != StandardProtocolFamily.INET6) {
      throw new IllegalArgumentException("getaddrinfo(): family must be INET, INET6 or null"
          + " (both), got " + family);
    }
    return cast(new OffLoop<>(loop, "getaddrinfo", () -> addrinfo(host, port, family)));
  }

  /**
   * {@link EventLoop#getnameinfo}: see there.
   *
   * @param loop the loop. Not null.
   * @param address the address. Not null.
   * @return the coroutine
   */
  public static Coro<NameInfo> getnameinfo(EventLoop loop, InetSocketAddress address) {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(address, "address");
    return cast(new OffLoop<>(loop, "getnameinfo", () -> nameinfo(address)));
  }

  private static List<AddrInfo> addrinfo(String host, int port, ProtocolFamily family) {
    InetAddress[] all = SelectorEvents.lookup(host);
    List<AddrInfo> infos = new ArrayList<>(all.length);
    for (InetAddress a : all) {
      ProtocolFamily f = a instanceof Inet6Address ? StandardProtocolFamily.INET6
          : StandardProtocolFamily.INET;
      if (family == null || family == f) {
        infos.add(new AddrInfo(f, new InetSocketAddress(a, port)));
      }
    }
    if (infos.isEmpty()) {
      // Python: socket.gaierror "Address family for hostname not supported"
      throw new GaiError("getaddrinfo(): " + host + " has no " + family + " address");
    }
    return Collections.unmodifiableList(infos);
  }

  private static NameInfo nameinfo(InetSocketAddress address) {
    InetAddress a = address.getAddress();
    if (a == null) { // unresolved: look the name up first, as Python's getnameinfo does
      a = SelectorEvents.lookup(address.getHostString())[0];
    }
    try {
      // a fresh InetAddress without a host name, so that getHostName() asks the resolver
      InetAddress bare = InetAddress.getByAddress(a.getAddress());
      return new NameInfo(bare.getHostName(), address.getPort());
    } catch (java.net.UnknownHostException e) { // only for a malformed address: cannot be
      throw NetErrors.translate(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Coro<T> cast(CoroFrame frame) {
    return (Coro<T>) (Coro<?>) frame;
  }

  // ------------------------------------------------------------------ the frames

  /** One socket operation: try now, else wait for readiness and try again. */
  private abstract static class SockFrame extends EagerCoroFrame {
    /** An attempt that would block. */
    static final Object WOULD_BLOCK = new Object();

    final EventLoop loop;
    final SelectableChannel channel;
    private final String name;
    private boolean triedNow;

    SockFrame(EventLoop loop, SelectableChannel channel, String name) {
      this.loop = loop;
      this.channel = channel;
      this.name = name;
    }

    /** One try: the result, or {@link #WOULD_BLOCK}. */
    abstract Object attempt() throws IOException;

    /** Whether to wait for readability (else writability). */
    abstract boolean reads();

    /** The error to raise for what the JDK raised. */
    OSError error(IOException e) {
      return NetErrors.translate(e);
    }

    /** Python's "the socket must be non-blocking" (checked in debug mode there; always here). */
    final void checkNonBlocking() {
      if (channel.isBlocking()) {
        throw new IllegalArgumentException(name + "(): the channel must be non-blocking: call"
            + " channel.configureBlocking(false) before handing it to the loop");
      }
    }

    private Object once() {
      try {
        return attempt();
      } catch (IOException e) {
        throw error(e);
      }
    }

    /**
     * The await fast path's try. Unlike {@link EagerCoroFrame}'s other users, a try that must
     * wait may have done part of the work: a connect started, part of a sendall written. That
     * progress lives in this frame and in the channel (the buffer's position), and {@link
     * #resume()} goes on from it, so nothing is done twice.
     */
    @Override
    protected Object tryNow() {
      checkNonBlocking();
      Object r = once();
      if (r == WOULD_BLOCK) {
        triedNow = true;
        return NOT_NOW;
      }
      return r;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          return start();
        case 1:
          return resumeValue();
        default:
          return resumeOther();
      }
    }

    /** Label 0's work once the operation can start. */
    Object start() {
      if (!triedNow) {
        checkNonBlocking();
        Object r = once();
        if (r != WOULD_BLOCK) {
          return r;
        }
      }
      return park();
    }

    /** Labels past 1, for frames with more steps. */
    Object resumeOther() {
      throw new IllegalStateException(name + "() resumed at unknown label " + label);
    }

    /** Registers the retrying callback and awaits its future: label 1. */
    private Object park() {
      Future<Object> f = loop.createFuture();
      boolean reads = reads();
      Runnable retry = () -> {
        if (f.done()) {
          return; // cancelled; the done callback is about to remove this reader
        }
        Object r;
        try {
          r = attempt();
        } catch (IOException e) {
          f.setException(error(e));
          return;
        } catch (RuntimeException e) {
          f.setException(e);
          return;
        }
        if (r != WOULD_BLOCK) {
          f.setResult(r);
        }
      };
      Handle h = reads ? loop.addReader(channel, retry) : loop.addWriter(channel, retry);
      f.addDoneCallback(done -> {
        if (!h.cancelled()) { // else another operation registered its own callback since
          if (reads) {
            loop.removeReader(channel);
          } else {
            loop.removeWriter(channel);
          }
        }
      });
      value = f;
      label = 1;
      return Frame.AWAIT;
    }

    @Override
    public StackTraceElement location() {
      return site(EventLoop.class.getName(), name, "EventLoop.java", "");
    }
  }

  /** sockRecv: one read of at most n bytes; empty at EOF. */
  private static final class Recv extends SockFrame {
    private final int n;
    private ByteBuffer buffer;

    Recv(EventLoop loop, SocketChannel channel, int n) {
      super(loop, channel, "sockRecv");
      this.n = n;
    }

    @Override
    Object attempt() throws IOException {
      if (n == 0) {
        return new byte[0];
      }
      ByteBuffer b = buffer;
      if (b == null) {
        b = buffer = ByteBuffer.allocate(n);
      }
      int got = ((SocketChannel) channel).read(b);
      if (got == 0) {
        return WOULD_BLOCK;
      }
      buffer = null;
      return got < 0 ? new byte[0] : Arrays.copyOf(b.array(), got);
    }

    @Override
    boolean reads() {
      return true;
    }
  }

  /** sockRecvInto: one read into the buffer; 0 at EOF. */
  private static final class RecvInto extends SockFrame {
    private final ByteBuffer buffer;

    RecvInto(EventLoop loop, SocketChannel channel, ByteBuffer buffer) {
      super(loop, channel, "sockRecvInto");
      this.buffer = buffer;
    }

    @Override
    Object attempt() throws IOException {
      if (!buffer.hasRemaining()) {
        return 0; // Python's recv_into with an empty buffer
      }
      int got = ((SocketChannel) channel).read(buffer);
      if (got == 0) {
        return WOULD_BLOCK;
      }
      return Math.max(got, 0);
    }

    @Override
    boolean reads() {
      return true;
    }
  }

  /** sockSendall: writes until the buffer is empty. */
  private static final class Sendall extends SockFrame {
    private final ByteBuffer data;

    Sendall(EventLoop loop, SocketChannel channel, ByteBuffer data) {
      super(loop, channel, "sockSendall");
      this.data = data;
    }

    /** Progress stays in the buffer's position, so a retry goes on where the last one stopped. */
    @Override
    Object attempt() throws IOException {
      while (data.hasRemaining()) {
        if (((SocketChannel) channel).write(data) == 0) {
          return WOULD_BLOCK;
        }
      }
      return NONE;
    }

    @Override
    boolean reads() {
      return false;
    }
  }

  /**
   * sockConnect.
   *
   * <pre>
   *  label 0  an unresolved name? await its lookup on the executor (label 2); else as below
   *  label 2  connect to its first address: at once, or await writability (label 1)
   * </pre>
   */
  private static final class Connect extends SockFrame {
    private SocketAddress address;
    private boolean started;

    Connect(EventLoop loop, SocketChannel channel, SocketAddress address) {
      super(loop, channel, "sockConnect");
      this.address = address;
    }

    private boolean unresolved() {
      return address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved();
    }

    @Override
    protected Object tryNow() {
      return unresolved() ? NOT_NOW : super.tryNow();
    }

    @Override
    Object start() {
      if (unresolved()) {
        checkNonBlocking();
        value = SelectorEvents.resolve(loop, ((InetSocketAddress) address).getHostString());
        label = 2;
        return Frame.AWAIT;
      }
      return super.start();
    }

    @Override
    Object resumeOther() {
      if (label != 2) {
        return super.resumeOther();
      }
      InetAddress[] all = (InetAddress[]) resumeValue();
      address = new InetSocketAddress(all[0], ((InetSocketAddress) address).getPort());
      return super.start();
    }

    /**
     * Starts the connect, then finishes it. A connect left pending by a cancelled sockConnect is
     * finished rather than started again (the JDK refuses a second connect; Python's second
     * connect() gets EALREADY and waits as well).
     */
    @Override
    Object attempt() throws IOException {
      SocketChannel c = (SocketChannel) channel;
      if (!started) {
        started = true;
        if (!c.isConnectionPending()) {
          return c.connect(address) ? NONE : WOULD_BLOCK;
        }
      }
      // false: a stale readiness report, or still in progress
      return c.finishConnect() ? NONE : WOULD_BLOCK;
    }

    @Override
    OSError error(IOException e) {
      String where = address instanceof InetSocketAddress
          ? SelectorEvents.describe((InetSocketAddress) address) : String.valueOf(address);
      return NetErrors.translate("Connect call failed " + where, e);
    }

    @Override
    boolean reads() {
      return false;
    }
  }

  /** sockAccept: one accepted connection, made non-blocking. */
  private static final class Accept extends SockFrame {
    Accept(EventLoop loop, ServerSocketChannel channel) {
      super(loop, channel, "sockAccept");
    }

    @Override
    Object attempt() throws IOException {
      SocketChannel conn = ((ServerSocketChannel) channel).accept();
      if (conn == null) {
        return WOULD_BLOCK;
      }
      try {
        conn.configureBlocking(false); // Python's conn.setblocking(False)
      } catch (IOException e) {
        conn.close();
        throw e;
      }
      return conn;
    }

    @Override
    boolean reads() {
      return true;
    }
  }

  /** A blocking job on the default executor (Python's run_in_executor(None, ...)). */
  private static final class OffLoop<T> extends CoroFrame {
    private final EventLoop loop;
    private final String name;
    private final Callable<T> job;

    OffLoop(EventLoop loop, String name, Callable<T> job) {
      this.loop = loop;
      this.name = name;
      this.job = job;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          value = loop.runInExecutor(null, job);
          label = 1;
          return Frame.AWAIT;
        case 1:
          return resumeValue();
        default:
          throw new IllegalStateException(name + "() resumed at unknown label " + label);
      }
    }

    @Override
    public StackTraceElement location() {
      return site(EventLoop.class.getName(), name, "EventLoop.java", "");
    }
  }
}
