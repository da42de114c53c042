package io.weft.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Locale;

/**
 * E1's load generator: {@code connections} TCP connections (100), each sending {@code size}
 * bytes (1 KiB) and waiting for all of them to come back before sending the next message, for
 * {@code seconds} after {@code warmup} seconds. One platform thread, one NIO selector, direct
 * buffers, nothing allocated per message: as cheap a client as the JVM allows, so that the server
 * is what is measured (its CPU use is printed: compare it with the server's).
 *
 * <p>Every message carries its sequence number in its first and last 8 bytes, and every echo is
 * checked against it: a server that loses, reorders or mixes up bytes fails the run.
 *
 * <pre>
 * taskset -c 0 java -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.EchoLoad \
 *     PORT [seconds=10] [warmup=3] [connections=100] [size=1024]
 * </pre>
 *
 * Prints one line: {@code E1 rt/s=... p50_us=... p99_us=... p999_us=... max_us=... client_cpu=...%
 * round_trips=... seconds=... connections=... size=...}.
 */
public final class EchoLoad {
  private EchoLoad() {}

  /** Latencies are counted in 1 µs buckets up to this; longer ones in the last bucket. */
  private static final int MAX_MICROS = 1_000_000;

  /**
   * Runs the load and prints the result.
   *
   * @param args port, then optionally seconds, warm-up seconds, connections, message size
   * @throws IOException when a connection fails or an echo is wrong
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: EchoLoad PORT [seconds=10] [warmup=3] [connections=100] "
          + "[size=1024]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
    Result r = run(NetServer.HOST, port, connections, size, warmup, seconds);
    System.out.println(r);
  }

  /** The outcome of one run. Latencies in microseconds; cpu is the client process's share of one core. */
  record Result(long roundTrips, double seconds, long p50, long p99, long p999, long max,
      double cpu, int connections, int size) {
    double perSecond() {
      return roundTrips / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "E1 rt/s=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d client_cpu=%.0f%%"
              + " round_trips=%d seconds=%.2f connections=%d size=%d",
          perSecond(), p50, p99, p999, max, cpu * 100, roundTrips, seconds, connections, size);
    }
  }

  /** One connection's state. */
  private static final class Conn {
    final SocketChannel channel;
    final ByteBuffer out;
    final ByteBuffer in;
    long seq;
    long sentAt;

    Conn(SocketChannel channel, int size) {
      this.channel = channel;
      out = ByteBuffer.allocateDirect(size);
      for (int i = 0; i < size; i++) {
        out.put(i, (byte) (i * 31 + 7));
      }
      in = ByteBuffer.allocateDirect(size);
    }
  }

  static Result run(String host, int port, int connections, int size, double warmupSeconds,
      double seconds) throws IOException {
    if (size < 16) {
      throw new IllegalArgumentException("size must be at least 16 bytes, got " + size);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] histogram = new long[MAX_MICROS + 1];
    Selector selector = Selector.open();
    Conn[] conns = new Conn[connections];
    try {
      for (int i = 0; i < connections; i++) {
        SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port));
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.configureBlocking(false);
        conns[i] = new Conn(c, size);
        c.register(selector, SelectionKey.OP_READ, conns[i]);
      }
      long start = System.nanoTime();
      long measureFrom = start + (long) (warmupSeconds * 1e9);
      long end = measureFrom + (long) (seconds * 1e9);
      boolean measuring = false;
      long cpuFrom = 0;
      long roundTrips = 0;
      for (Conn c : conns) {
        send(c, selector, System.nanoTime());
      }
      int inFlight = connections;
      while (inFlight > 0) {
        long now = System.nanoTime();
        if (!measuring && now >= measureFrom) {
          measuring = true;
          cpuFrom = os.getProcessCpuTime();
          measureFrom = now;
        }
        if (now >= end + 5_000_000_000L) {
          throw new IOException(inFlight + " echoes still missing 5 s after the end");
        }
        selector.select(100);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Conn c = (Conn) key.attachment();
          if (key.isWritable()) {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (!key.isReadable()) {
            continue;
          }
          int n = c.channel.read(c.in);
          if (n < 0) {
            throw new IOException("the server closed a connection");
          }
          if (c.in.hasRemaining()) {
            continue; // part of the echo: wait for the rest
          }
          long t = System.nanoTime();
          if (c.in.getLong(0) != c.seq || c.in.getLong(size - 8) != c.seq
              || c.in.get(12) != c.out.get(12)) {
            throw new IOException("wrong echo on a connection: expected message " + c.seq);
          }
          if (measuring && t <= end) {
            long micros = (t - c.sentAt) / 1000;
            histogram[(int) Math.min(micros, MAX_MICROS)]++;
            roundTrips++;
          }
          if (t < end) {
            send(c, selector, t);
          } else {
            inFlight--;
          }
        }
      }
      double cpuSeconds = (os.getProcessCpuTime() - cpuFrom) / 1e9;
      double wall = (Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
      return new Result(roundTrips, seconds, percentile(histogram, roundTrips, 0.50),
          percentile(histogram, roundTrips, 0.99), percentile(histogram, roundTrips, 0.999),
          percentile(histogram, roundTrips, 1.0), cpuSeconds / wall, connections, size);
    } finally {
      for (Conn c : conns) {
        if (c != null) {
          c.channel.close();
        }
      }
      selector.close();
    }
  }

  /** Starts the next message on {@code c}: a new sequence number, written at once if it fits. */
  private static void send(Conn c, Selector selector, long now) throws IOException {
    c.seq++;
    c.out.clear();
    c.out.putLong(0, c.seq).putLong(c.out.capacity() - 8, c.seq);
    c.in.clear();
    c.sentAt = now;
    c.channel.write(c.out);
    if (c.out.hasRemaining()) {
      c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
  }

  /** The smallest latency (µs) that at least {@code q} of the {@code total} round trips beat. */
  private static long percentile(long[] histogram, long total, double q) {
    if (total == 0) {
      return 0;
    }
    long want = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= want) {
        return i;
      }
    }
    return MAX_MICROS;
  }
}
