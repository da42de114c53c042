package io.weft.net;

import io.weft.Asyncio;
import io.weft.CancelledError;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.OSError;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import io.weft.internal.OpenResources;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A listening TCP server: its sockets, the connections it accepted, and the tasks waiting for it
 * to close. Python's {@code asyncio.Server} ({@code base_events.Server}), with the 3.12.1+
 * semantics of {@link #waitClosed()} and the 3.13 {@link #closeClients()} and {@link
 * #abortClients()}. Made by {@link EventLoop#createServer} and {@link Asyncio#startServer}.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  state      sockets  serving  waitClosed()
 *  BOUND      open     false    waits        (startServing false: not accepting yet)
 *  SERVING    open     true     waits        accepting; each connection is a client
 *  CLOSED     null     false    waits        close() ran; clients remain
 *  GONE       null     false    returns      closed and the last client is gone
 *
 *  BOUND ─startServing()/serveForever()─▶ SERVING ─close()─▶ CLOSED
 *  CLOSED ─last client lost─▶ GONE
 *  BOUND or SERVING ─close() with no client─▶ GONE
 * </pre>
 *
 * <p>Closing a server stops accepting and closes its sockets; the connections it accepted live
 * on until they close (or {@link #closeClients()} / {@link #abortClients()} end them), and
 * {@link #waitClosed()} waits for them. Python's {@code async with server:} is {@code
 * try { ... } finally { server.close(); await(server.waitClosed()); }}.
 *
 * <p><b>Thread:</b> not thread-safe; use it on its loop's thread.
 */
public final class Server {
  private final EventLoop loop;
  private final Supplier<? extends Protocol> factory;
  private final int backlog;

  /** Python's {@code _sockets}: null once closed. */
  private List<ServerSocketChannel> sockets;

  /** Python's {@code _clients}: the transports of live accepted connections. */
  private final Set<SelectorSocketTransport> clients =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** Python's {@code _waiters}: the futures of waitClosed(); null once GONE. */
  private List<Future<Void>> waiters = new ArrayList<>();

  private boolean serving;
  private Future<Void> servingForeverFut;

  /** Run by close() once the sockets are closed: a Unix server removes its socket file. */
  private Runnable closeHook;

  Server(EventLoop loop, List<ServerSocketChannel> sockets, Supplier<? extends Protocol> factory,
      int backlog) {
    this.loop = loop;
    this.sockets = sockets;
    this.factory = factory;
    this.backlog = backlog;
    OpenResources.opened(loop, "server", this, this::close); // debug mode only
  }

  /**
   * Returns the loop the server runs on. Python's {@code get_loop()}.
   *
   * @return the loop
   */
  public EventLoop getLoop() {
    return loop;
  }

  /**
   * Returns whether the server accepts connections. Python's {@code is_serving()}.
   *
   * @return true between start of serving and {@link #close()}
   */
  public boolean isServing() {
    return serving;
  }

  /**
   * Returns the listening sockets. Python's {@code sockets}. With port 0, {@code
   * sockets().get(0).getsockname().getPort()} is the port the system chose.
   *
   * @return a new list of views of the sockets; empty once closed
   */
  public List<TransportSocket> sockets() {
    List<ServerSocketChannel> s = sockets;
    if (s == null) {
      return List.of();
    }
    List<TransportSocket> views = new ArrayList<>(s.size());
    for (ServerSocketChannel c : s) {
      views.add(new TransportSocket(c));
    }
    return Collections.unmodifiableList(views);
  }

  /**
   * Stops accepting and closes the listening sockets; connections already accepted stay open.
   * Idempotent. Cancels a running {@link #serveForever()}. Python's {@code close()}. Does not
   * suspend: await {@link #waitClosed()} to wait for the connections to end.
   */
  public void close() {
    List<ServerSocketChannel> s = sockets;
    if (s == null) {
      return;
    }
    sockets = null;
    OpenResources.closed(loop, this);
    for (ServerSocketChannel c : s) {
      loop.removeReader(c);
      try {
        c.close();
      } catch (IOException ignored) {
        // the port is released when the selector lets go of it
      }
    }
    Runnable hook = closeHook;
    closeHook = null;
    if (hook != null) {
      hook.run();
    }
    serving = false;
    Future<Void> f = servingForeverFut;
    if (f != null && !f.done()) {
      f.cancel();
      servingForeverFut = null;
    }
    if (clients.isEmpty()) {
      wakeup();
    }
  }

  /**
   * Closes every connection the server accepted, letting each flush its buffer: {@code close()}
   * on each transport. Python's {@code close_clients()} (3.13).
   */
  public void closeClients() {
    for (SelectorSocketTransport t : new ArrayList<>(clients)) {
      t.close();
    }
  }

  /**
   * Closes every connection the server accepted at once, dropping their buffers: {@code abort()}
   * on each transport. Python's {@code abort_clients()} (3.13).
   */
  public void abortClients() {
    for (SelectorSocketTransport t : new ArrayList<>(clients)) {
      t.abort();
    }
  }

  /**
   * Returns a coroutine that starts accepting connections, if not already, then yields once so
   * that the accept callbacks are in place. Python's {@code await start_serving()}. Does nothing
   * on a closed server.
   *
   * @return the coroutine
   */
  public Coro<Void> startServing() {
    return cast(new StartServing(this));
  }

  /**
   * Returns a coroutine that accepts connections until it is cancelled or the server is closed.
   * Python's {@code await serve_forever()}.
   *
   * <p><b>Suspends</b> until then. <b>Cancellation:</b> cancelling it closes the server, waits
   * for its connections to end ({@link #waitClosed()}), then raises {@link CancelledError};
   * {@link #close()} ends it the same way.
   *
   * @return the coroutine
   * @throws IllegalStateException (when awaited) the server is closed, or another {@code
   *     serveForever()} is running
   */
  public Coro<Void> serveForever() {
    return cast(new ServeForever(this));
  }

  /**
   * Returns a coroutine that waits until the server is closed and every connection it accepted
   * is gone. Python 3.12.1+'s {@code await wait_closed()}: returns at once when that already
   * happened; called before {@link #close()}, it waits for the close too.
   *
   * <p><b>Cancellation:</b> a cancellation point; cancelling it changes nothing on the server.
   *
   * @return the coroutine
   */
  public Coro<Void> waitClosed() {
    return cast(new WaitClosed(this));
  }

  /** Sets what {@link #close()} runs after closing the sockets (Python's {@code _stop_serving}). */
  void onClose(Runnable hook) {
    closeHook = hook;
  }

  /** Python's {@code _start_serving}: registers the accept callback on each socket. */
  void startServingNow() {
    if (serving || sockets == null) {
      return;
    }
    serving = true;
    for (ServerSocketChannel c : sockets) {
      loop.addReader(c, () -> acceptReady(c));
    }
  }

  /**
   * Python's {@code _accept_connection}: accepts up to {@code backlog} connections waiting on
   * {@code socket}, each with a new protocol from the factory and a new transport.
   */
  private void acceptReady(ServerSocketChannel socket) {
    for (int i = 0; i < backlog && sockets != null; i++) {
      SocketChannel conn;
      try {
        conn = socket.accept();
      } catch (IOException e) {
        acceptFailed(socket, NetErrors.translate(e));
        return;
      }
      if (conn == null) {
        return; // nobody else is waiting
      }
      try {
        conn.configureBlocking(false);
      } catch (IOException e) {
        closeQuietly(conn); // the peer is already gone
        continue;
      }
      Protocol protocol;
      try {
        protocol = factory.get();
        if (protocol == null) {
          throw new NullPointerException("the protocol factory " + factory + " returned null");
        }
      } catch (Throwable t) {
        if (NetErrors.escapes(t)) {
          throw t;
        }
        closeQuietly(conn);
        // Python reports this only in debug mode (it is usually a failed TLS handshake there);
        // for plain TCP it is a bug in the factory, and a dropped connection should not be silent
        NetErrors.report(loop, "Error on transport creation for incoming connection", t,
            "server", this);
        continue;
      }
      new SelectorSocketTransport(loop, conn, protocol, null, this);
    }
  }

  /**
   * Out of file descriptors or memory: Python stops accepting for a second (its {@code
   * ACCEPT_RETRY_DELAY}) rather than spin on a socket that stays ready. Other errors are
   * reported and accepting goes on.
   */
  private void acceptFailed(ServerSocketChannel socket, OSError e) {
    if (sockets == null) {
      return; // closed meanwhile
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Too many open files") || m.contains("No buffer space")
        || m.contains("Cannot allocate memory")) {
      NetErrors.report(loop, "socket.accept() out of system resource", e, "socket",
          new TransportSocket(socket));
      loop.removeReader(socket);
      loop.callLater(1.0, () -> {
        if (serving && sockets != null && sockets.contains(socket)) {
          loop.addReader(socket, () -> acceptReady(socket));
        }
      });
    } else {
      NetErrors.report(loop, "Error accepting a connection", e, "socket",
          new TransportSocket(socket));
    }
  }

  private static void closeQuietly(SocketChannel conn) {
    try {
      conn.close();
    } catch (IOException ignored) {
      // nothing was sent on it yet
    }
  }

  /** Python's {@code _attach}: a connection accepted by this server. */
  void attach(SelectorSocketTransport transport) {
    clients.add(transport);
  }

  /** Python's {@code _detach}: a connection lost; the last one after close wakes waitClosed. */
  void detach(SelectorSocketTransport transport) {
    clients.remove(transport);
    if (clients.isEmpty() && sockets == null) {
      wakeup();
    }
  }

  /** Python's {@code _wakeup}: the server is GONE. */
  private void wakeup() {
    List<Future<Void>> w = waiters;
    waiters = null;
    if (w == null) {
      return;
    }
    for (Future<Void> f : w) {
      if (!f.done()) {
        f.setResult(null);
      }
    }
  }

  /** Returns {@code <Server sockets=[...]>}, as Python's repr. */
  @Override
  public String toString() {
    return "<Server sockets=" + sockets() + ">";
  }

  @SuppressWarnings("unchecked")
  private static Coro<Void> cast(CoroFrame frame) {
    return (Coro<Void>) (Coro<?>) frame;
  }

  // ------------------------------------------------------------------ coroutines

  /** {@link #startServing()}: start, then {@code sleep(0)}. */
  private static final class StartServing extends CoroFrame {
    private final Server server;

    StartServing(Server server) {
      this.server = server;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          server.startServingNow();
          value = Asyncio.sleep(0);
          label = 1;
          return Frame.AWAIT;
        case 1:
          resumeValue();
          return null;
        default:
          throw new IllegalStateException("startServing() resumed at unknown label " + label);
      }
    }
  }

  /**
   * {@link #serveForever()}.
   *
   * <pre>
   *  label 0  check; start serving; await a future nobody completes (close() cancels it)
   *  label 1  cancelled: close(), await waitClosed()
   *  label 2  re-raise the cancellation
   * </pre>
   */
  private static final class ServeForever extends CoroFrame {
    private final Server server;
    private CancelledError cancelled;

    ServeForever(Server server) {
      this.server = server;
    }

    @Override
    protected Object resume() {
      Server s = server;
      switch (label) {
        case 0:
          resumeValue();
          if (s.servingForeverFut != null) {
            throw new IllegalStateException(
                "server " + s + " is already being awaited on serveForever()");
          }
          if (s.sockets == null) {
            throw new IllegalStateException("server " + s + " is closed");
          }
          s.startServingNow();
          Future<Void> f = s.loop.createFuture();
          s.servingForeverFut = f;
          value = f;
          label = 1;
          return Frame.AWAIT;
        case 1:
          try {
            resumeValue();
            s.servingForeverFut = null;
            return null; // nobody completes the future, but a result ends it quietly
          } catch (CancelledError e) {
            cancelled = e;
          } catch (Throwable t) {
            s.servingForeverFut = null;
            throw t;
          }
          try {
            s.close();
          } catch (Throwable t) {
            s.servingForeverFut = null;
            throw t;
          }
          value = s.waitClosed();
          label = 2;
          return Frame.AWAIT;
        case 2:
          s.servingForeverFut = null;
          try {
            resumeValue();
          } catch (Throwable ignored) {
            // Python's bare raise in the finally: the first cancellation wins
          }
          throw cancelled;
        default:
          throw new IllegalStateException("serveForever() resumed at unknown label " + label);
      }
    }
  }

  /** {@link #waitClosed()}: returns when GONE, else awaits a waiter future. */
  private static final class WaitClosed extends CoroFrame {
    private final Server server;

    WaitClosed(Server server) {
      this.server = server;
    }

    @Override
    protected Object resume() {
      switch (label) {
        case 0:
          resumeValue();
          List<Future<Void>> w = server.waiters;
          if (w == null) {
            return null;
          }
          Future<Void> f = server.loop.createFuture();
          w.add(f);
          value = f;
          label = 1;
          return Frame.AWAIT;
        case 1:
          resumeValue();
          return null;
        default:
          throw new IllegalStateException("waitClosed() resumed at unknown label " + label);
      }
    }
  }
}
