package io.weft.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The virtual-thread baseline of H1 and E1: blocking {@code java.net} sockets, a platform thread
 * accepting, one virtual thread per connection. Run on JDK 21 or later (the benchmarks use JDK
 * 25); for the one-carrier comparison, with {@code -Djdk.virtualThreadScheduler.parallelism=1}.
 *
 * <ul>
 *   <li>{@code http}: read into a 16 KiB array, parse ({@link HttpHello.Parser}), answer every
 *       complete request of the read with one {@code write};
 *   <li>{@code echo}: read into a 64 KiB array, write what was read.
 * </ul>
 *
 * <pre>
 * java -Djdk.virtualThreadScheduler.parallelism=1 \
 *     -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.LoomServers http 8080
 * </pre>
 */
public final class LoomServers {
  private LoomServers() {}

  /**
   * Serves until killed.
   *
   * @param args {@code http} or {@code echo}, and the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (!Loom.available()) {
      throw new IllegalStateException("virtual threads need JDK 21 or later; this is "
          + System.getProperty("java.version"));
    }
    NetServer.main("loom", args, (kind, port) -> start(kind, port, Loom::start));
  }

  /**
   * Starts the server; {@code threads} starts each connection's thread ({@code Loom::start} for
   * virtual threads; the tests use platform threads on a JDK without them).
   */
  static NetServer start(NetServer.Kind kind, int port, Function<Runnable, Thread> threads)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(NetServer.HOST, port), NetServer.BACKLOG);
    Thread acceptor = new Thread(() -> {
      while (true) {
        Socket s;
        try {
          s = listener.accept();
        } catch (IOException e) {
          return; // closed
        }
        threads.apply(() -> {
          try (Socket socket = s) {
            socket.setTcpNoDelay(true);
            if (kind == NetServer.Kind.HTTP) {
              http(socket);
            } else {
              echo(socket);
            }
          } catch (SocketException e) {
            // reset by the client
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    }, "loom-acceptor");
    acceptor.start();
    return new NetServer() {
      @Override
      public int port() {
        return listener.getLocalPort();
      }

      @Override
      public void close() {
        try {
          listener.close();
          acceptor.join();
        } catch (IOException ignored) {
          // closing
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private static void http(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    HttpHello.Parser parser = new HttpHello.Parser();
    byte[] buf = new byte[16 * 1024];
    ByteBuffer view = ByteBuffer.wrap(buf);
    int len = HttpHello.RESPONSE.length;
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        return;
      }
      view.clear().limit(n);
      int count = parser.feed(view);
      while (count > 0) {
        int k = Math.min(count, HttpHello.BATCH);
        out.write(HttpHello.RESPONSES, 0, k * len);
        count -= k;
      }
      if (parser.bad()) {
        out.write(HttpHello.BAD_REQUEST);
        return;
      }
      if (parser.close()) {
        return;
      }
    }
  }

  private static void echo(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] buf = new byte[NetServer.ECHO_READ];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
  }
}
