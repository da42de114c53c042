package io.weft.examples.net;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.examples.net.HttpServer.HttpProtocol;
import io.weft.examples.net.HttpServer.Responses;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event loop per core, all serving one port: the {@code http-server} hello, each loop on a
 * thread of its own with a listening socket of its own, bound with {@code SO_REUSEPORT}
 * ({@link ServerOptions#withReusePort}), so that the kernel spreads the incoming connections
 * among the loops (Linux; on a system without {@code SO_REUSEPORT} the servers fail to start).
 * This is how a Weft server uses every core: loops share nothing, so there is no lock on any
 * request's path. Each response names the loop that served it. Prints, once stopped, how many
 * connections each loop served:
 *
 * <pre>
 * Serving on 127.0.0.1:8080 with 4 loops
 * loop-1: 26 connections, 26 requests
 * loop-2: 24 connections, 24 requests
 * loop-3: 27 connections, 27 requests
 * loop-4: 23 connections, 23 requests
 * </pre>
 *
 * <p>Python does the same with one process per core (asyncio loops do not share a process well),
 * each running:
 *
 * <pre>
 * server = await loop.create_server(HttpProtocol, '127.0.0.1', 8080, reuse_port=True)
 * </pre>
 *
 * <p>The first loop binds the port (a port the system chooses, when asked for 0); the others bind
 * the same one once it is known. Each loop's main coroutine waits on a {@code CompletableFuture}
 * that any thread may complete: Weft awaits a {@code CompletionStage} from another thread as it
 * awaits a future of its own loop. When the connections asked for have ended (counted across
 * the loops with an {@code AtomicInteger}, the one object they share), that future completes and
 * every loop closes its server.
 *
 * <p>Arguments: {@code reuse-port [PORT [CONNECTIONS [LOOPS]]]}: port 8080 by default, 0 for one
 * the system chooses; with CONNECTIONS (0 for no end), the loops stop after that many connections
 * have ended, otherwise they serve until Ctrl-C; LOOPS defaults to the number of cores.
 */
public final class ReusePort {

  /** The port every loop binds; completed by the first. */
  private final CompletableFuture<Integer> bound = new CompletableFuture<>();

  /** Completed when the connections asked for have ended; never when none were. */
  private final CompletableFuture<Void> stop = new CompletableFuture<>();

  /** Connections ended, on all loops. */
  private final AtomicInteger ended = new AtomicInteger();

  private final int connections;

  private ReusePort(int connections) {
    this.connections = connections;
  }

  /** What one loop served; written on its thread only, read after it ends. */
  static final class Served {
    int connections;
    int requests;
  }

  /**
   * Runs one loop's server until {@code stop} completes.
   *
   * @param name the loop's name, in every response
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param listening completed with the port once listening
   * @param served what this loop served
   * @return the coroutine
   */
  @Coroutine
  Coro<Void> serve(String name, String host, int port, CompletableFuture<Integer> listening,
      Served served) {
    EventLoop loop = Asyncio.getRunningLoop();
    Responses responses = Responses.of(HttpServer.HELLO + " (" + name + ")");
    Server server =
        await(loop.createServer(
            () -> new HttpProtocol(responses, HttpServer.KEEP_ALIVE_TIMEOUT, p -> lost(p, served)),
            host, port, ServerOptions.defaults().withReusePort(true)));
    listening.complete(server.sockets().get(0).getsockname().getPort());
    try {
      await(stop); // a CompletionStage, completed on whichever loop ends the last connection
    } finally {
      server.close();
      server.closeClients();
      await(server.waitClosed());
    }
    return done();
  }

  private void lost(HttpProtocol protocol, Served served) {
    served.connections++;
    served.requests += protocol.requests();
    if (ended.incrementAndGet() == connections) {
      stop.complete(null);
    }
  }

  /**
   * Starts {@code loops} loops, each on its own thread, all serving {@code host}:{@code port},
   * and returns when they have all stopped.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve, on all loops together; 0 for no end
   * @param loops how many loops
   */
  static void run(String host, int port, int connections, int loops) {
    ReusePort reusePort = new ReusePort(connections);
    List<Thread> threads = new ArrayList<>();
    List<Served> served = new ArrayList<>();
    List<CompletableFuture<Integer>> listening = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      String name = "loop-" + (i + 1);
      Served s = new Served();
      CompletableFuture<Integer> l = new CompletableFuture<>();
      served.add(s);
      listening.add(l);
      // the first binds the port asked for; the others the one it got
      CompletableFuture<Integer> portToBind =
          i == 0 ? CompletableFuture.completedFuture(port) : listening.get(0);
      Thread thread =
          new Thread(
              () -> {
                try {
                  Asyncio.run(reusePort.serve(name, host, portToBind.join(), l, s));
                } catch (RuntimeException | Error e) {
                  l.completeExceptionally(e); // a bind that failed ends the others too
                  reusePort.stop.complete(null);
                  throw e;
                }
              },
              name);
      threads.add(thread);
      thread.start();
    }
    try {
      CompletableFuture.allOf(listening.toArray(CompletableFuture[]::new)).join();
      System.out.println(
          "Serving on " + host + ":" + listening.get(0).join() + " with " + count(loops, "loop"));
    } catch (RuntimeException e) {
      System.out.println("Could not start: " + e.getCause());
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (int i = 0; i < loops; i++) {
      Served s = served.get(i);
      System.out.println(threads.get(i).getName() + ": " + count(s.connections, "connection")
          + ", " + count(s.requests, "request"));
    }
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /**
   * Runs the servers.
   *
   * @param args {@code [PORT [CONNECTIONS [LOOPS]]]}
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int loops = args.length > 2 ? Integer.parseInt(args[2])
        : Runtime.getRuntime().availableProcessors();
    run("127.0.0.1", port, connections, loops);
  }
}
