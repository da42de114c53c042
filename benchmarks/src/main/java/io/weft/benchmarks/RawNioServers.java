package io.weft.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hand-written limit of H1 and E1 on the JVM, an extra line beside the four compared
 * servers: one thread, one {@link Selector}, one direct read buffer, and per connection only
 * what it must keep (its parser, and the bytes the socket did not take). What Weft's protocol
 * API does, without a loop, handles, transports or protocols: the "raw java.nio selector" row of
 * the peers' table.
 *
 * <pre>
 * java -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.RawNioServers http 8080
 * </pre>
 */
public final class RawNioServers {
  private RawNioServers() {}

  /**
   * Serves until killed.
   *
   * @param args {@code http} or {@code echo}, and the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    NetServer.main("raw-nio", args, RawNioServers::start);
  }

  /** A connection: its parser (http) and what is left to write. */
  private static final class Conn {
    final HttpHello.Parser parser = new HttpHello.Parser();
    ByteBuffer pending;
    boolean closeAfterWrite;
  }

  static NetServer start(NetServer.Kind kind, int port) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    listener.bind(new InetSocketAddress(NetServer.HOST, port), NetServer.BACKLOG);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    boolean http = kind == NetServer.Kind.HTTP;
    AtomicBoolean stop = new AtomicBoolean();
    Thread thread = new Thread(() -> {
      ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
      ByteBuffer responses = HttpHello.directResponses();
      try {
        while (true) {
          selector.select();
          if (stop.get()) {
            break;
          }
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
              continue;
            }
            if (key.isAcceptable()) {
              SocketChannel c;
              while ((c = listener.accept()) != null) {
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.register(selector, SelectionKey.OP_READ, new Conn());
              }
              continue;
            }
            try {
              serve(key, in, responses, http);
            } catch (IOException e) {
              close(key); // reset by the client
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        for (SelectionKey k : selector.keys()) {
          close(k);
        }
        try {
          selector.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }, "raw-nio-" + kind);
    thread.start();
    int bound = ((InetSocketAddress) listener.getLocalAddress()).getPort();
    return new NetServer() {
      @Override
      public int port() {
        return bound;
      }

      @Override
      public void close() {
        stop.set(true);
        selector.wakeup();
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  private static void serve(SelectionKey key, ByteBuffer in, ByteBuffer responses, boolean http)
      throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    Conn conn = (Conn) key.attachment();
    if (key.isWritable()) {
      c.write(conn.pending);
      if (conn.pending.hasRemaining()) {
        return;
      }
      conn.pending = null;
      if (conn.closeAfterWrite) {
        close(key);
        return;
      }
      key.interestOps(SelectionKey.OP_READ);
    }
    if (!key.isReadable() || conn.pending != null) {
      return;
    }
    in.clear();
    int n = c.read(in);
    if (n < 0) {
      close(key);
      return;
    }
    if (n == 0) {
      return;
    }
    in.flip();
    if (!http) {
      send(key, c, conn, in);
      return;
    }
    int count = conn.parser.feed(in);
    while (count > 0) {
      int k = Math.min(count, HttpHello.BATCH);
      responses.clear().limit(k * HttpHello.RESPONSE.length);
      send(key, c, conn, responses);
      count -= k;
    }
    if (conn.parser.bad()) {
      send(key, c, conn, ByteBuffer.wrap(HttpHello.BAD_REQUEST));
    }
    if (conn.parser.bad() || conn.parser.close()) {
      if (conn.pending == null) {
        close(key);
      } else {
        conn.closeAfterWrite = true;
      }
    }
  }

  /** Writes {@code b} now, keeping (a copy of) what the socket does not take. */
  private static void send(SelectionKey key, SocketChannel c, Conn conn, ByteBuffer b)
      throws IOException {
    if (conn.pending == null) {
      c.write(b);
      if (!b.hasRemaining()) {
        return;
      }
      conn.pending = ByteBuffer.allocate(Math.max(b.remaining(), 4096));
      conn.pending.flip();
      key.interestOps(SelectionKey.OP_WRITE); // stop reading until it is out: back pressure
    }
    ByteBuffer p = conn.pending;
    p.compact();
    if (p.remaining() < b.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(p.position() + b.remaining());
      p.flip();
      bigger.put(p);
      p = bigger;
    }
    p.put(b);
    p.flip();
    conn.pending = p;
  }

  private static void close(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // gone
    }
  }
}
