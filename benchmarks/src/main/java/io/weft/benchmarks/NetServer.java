package io.weft.benchmarks;

import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.net.Server;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A server of the networking benchmarks (H1, E1), started by one of the server mains or by a
 * test: {@link WeftProtocolServers}, {@link WeftStreamsServers}, {@link NettyServers}, {@link
 * LoomServers}, {@link RawNioServers}. Each serves {@code http} (H1: HTTP/1.1 keep-alive hello
 * world) or {@code echo} (E1: TCP echo) on 127.0.0.1.
 */
interface NetServer extends AutoCloseable {
  /** Every server listens here: loopback only. */
  String HOST = "127.0.0.1";

  /** The listen backlog of every server: wrk opens its 100 connections at once. */
  int BACKLOG = 1024;

  /** The size of the echo servers' read buffers, where they choose one. */
  int ECHO_READ = 64 * 1024;

  /** The port it listens on (the chosen one when started on port 0). */
  int port();

  /** Stops serving and releases the port; returns when done. */
  @Override
  void close();

  /** The two workloads. */
  enum Kind {
    HTTP,
    ECHO;

    static Kind of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** A server's starter: kind and port (0 for any) to a running server. */
  @FunctionalInterface
  interface Starter {
    NetServer start(Kind kind, int port) throws Exception;
  }

  /**
   * The body of every server main: {@code <http|echo> <port>}. Starts the server, prints {@code
   * listening <name> <kind> <port>} (what run-http.sh and run-echo.sh wait for) and serves until
   * the process is killed.
   */
  static void main(String name, String[] args, Starter starter) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: <http|echo> <port>");
      System.exit(2);
    }
    Kind kind = Kind.of(args[0]);
    NetServer server = starter.start(kind, Integer.parseInt(args[1]));
    System.out.println("listening " + name + " " + kind.name().toLowerCase(Locale.ROOT) + " "
        + server.port() + " on java " + System.getProperty("java.version")
        + ", processors " + Runtime.getRuntime().availableProcessors());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until killed
  }

  /**
   * Runs a Weft server on a loop of its own thread: {@code make} creates it (runs on that loop),
   * then the loop runs forever; {@link #close} stops the loop, closes the server and its
   * connections, and closes the loop.
   */
  static NetServer onWeftLoop(String threadName, Function<EventLoop, Coro<Server>> make)
      throws Exception {
    CompletableFuture<Integer> bound = new CompletableFuture<>();
    EventLoop[] loopHolder = new EventLoop[1];
    Thread thread = new Thread(() -> {
      EventLoop loop = new EventLoop();
      synchronized (loopHolder) {
        loopHolder[0] = loop;
      }
      Server server;
      try {
        server = loop.runUntilComplete(make.apply(loop));
      } catch (Throwable t) {
        loop.close();
        bound.completeExceptionally(t);
        return;
      }
      bound.complete(server.sockets().get(0).getsockname().getPort());
      try {
        loop.runForever();
      } finally {
        server.close();
        server.abortClients();
        loop.runUntilComplete(io.weft.Asyncio.sleep(0)); // let connectionLost run
        loop.close();
      }
    }, threadName);
    thread.start();
    int port;
    try {
      port = bound.get();
    } catch (ExecutionException e) {
      thread.join();
      throw new IllegalStateException("the server did not start", e.getCause());
    }
    EventLoop loop;
    synchronized (loopHolder) {
      loop = loopHolder[0];
    }
    return new NetServer() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        loop.callSoonThreadsafe(loop::stop);
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
