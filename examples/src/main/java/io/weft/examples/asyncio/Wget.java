package io.weft.examples.asyncio;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.gather;
import static io.weft.Asyncio.openConnection;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fetches the response headers of three web sites at once over raw TCP connections (seeds 000,
 * 001 and 003, "wget"). Prints, with the lines of the three sites interleaved as the responses
 * arrive:
 *
 * <pre>
 * wget www.sina.com.cn...
 * wget www.sohu.com...
 * wget www.163.com...
 * www.sohu.com header &gt; HTTP/1.1 200 OK
 * www.sohu.com header &gt; Content-Type: text/html
 * ...
 * Done www.sohu.com.
 * www.sina.com.cn header &gt; HTTP/1.1 200 OK
 * ...
 * </pre>
 *
 * <p>The Python it mirrors (seed 003; seeds 000 and 001 write the same {@code wget} with
 * {@code @asyncio.coroutine} and {@code yield from}, and run it under {@code asyncio.wait}):
 *
 * <pre>
 * async def wget(host):
 *     print(f"wget {host}...")
 *     reader, writer = await asyncio.open_connection(host, 80)
 *     header = f"GET / HTTP/1.0\r\nHost: {host}\r\n\r\n"
 *     writer.write(header.encode("utf-8"))
 *     await writer.drain()
 *     while True:
 *         line = await reader.readline()
 *         if line == b"\r\n":
 *             break
 *         print("%s header &gt; %s" % (host, line.decode("utf-8").rstrip()))
 *     # Ignore the body, close the socket
 *     writer.close()
 *     await writer.wait_closed()
 *     print(f"Done {host}.")
 *
 * async def main():
 *     await asyncio.gather(wget("www.sina.com.cn"), wget("www.sohu.com"), wget("www.163.com"))
 *
 * asyncio.run(main())
 * </pre>
 *
 * <p>Python's {@code reader, writer = await open_connection(...)} is {@code Streams s =
 * await(openConnection(...))}, then {@code s.reader()} and {@code s.writer()}. One change: the
 * loop also stops at an empty line, which {@code readline} returns at EOF, so a server that
 * closes without ending its headers cannot make it spin forever, as the seed's would.
 *
 * <p>Arguments: {@code wget [--connect-to ADDRESS:PORT] [HOST[:PORT]...]}. The hosts default to
 * the seed's, on port 80. {@code --connect-to} (curl's option) connects every request to
 * ADDRESS:PORT while the request still names its host; the tests point it at a local server.
 */
public final class Wget {
  private Wget() {}

  /** The seed's hosts. */
  static final List<String> HOSTS = List.of("www.sina.com.cn", "www.sohu.com", "www.163.com");

  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * Sends {@code GET /} for {@code host} and prints each header line of the response.
   *
   * @param host the host named in the request and in what is printed
   * @param address where to connect: the host itself in the seed
   * @param port the port to connect to: 80 in the seed
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> wget(String host, String address, int port) {
    System.out.println("wget " + host + "...");
    Streams connection = await(openConnection(address, port));
    StreamReader reader = connection.reader();
    StreamWriter writer = connection.writer();
    String header = "GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
    writer.write(header.getBytes(StandardCharsets.UTF_8));
    await(writer.drain());

    while (true) {
      byte[] line = await(reader.readline());
      if (Arrays.equals(line, CRLF) || line.length == 0) { // the blank line ends the headers
        break;
      }
      String text = new String(line, StandardCharsets.UTF_8).stripTrailing();
      System.out.println(host + " header > " + text);
    }
    // Ignore the body, close the socket
    writer.close();
    await(writer.waitClosed());
    System.out.println("Done " + host + ".");
    return done();
  }

  /**
   * Runs {@link #wget} for every host at once. Python's {@code main()}.
   *
   * @param hosts each {@code HOST} or {@code HOST:PORT} (port 80 when not given)
   * @param connectTo {@code ADDRESS:PORT} to connect every request to, or null to connect to
   *     each host
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(List<String> hosts, String connectTo) {
    List<Coro<Void>> gets = new ArrayList<>();
    for (String target : hosts) {
      String host = hostOf(target);
      int port = portOf(target);
      if (connectTo != null) {
        gets.add(wget(host, hostOf(connectTo), portOf(connectTo)));
      } else {
        gets.add(wget(host, host, port));
      }
    }
    await(gather(gets));
    return done();
  }

  private static String hostOf(String target) {
    int colon = target.lastIndexOf(':');
    return colon < 0 ? target : target.substring(0, colon);
  }

  private static int portOf(String target) {
    int colon = target.lastIndexOf(':');
    return colon < 0 ? 80 : Integer.parseInt(target.substring(colon + 1));
  }

  /**
   * Fetches the headers of the hosts given, or of the seed's.
   *
   * @param args {@code [--connect-to ADDRESS:PORT] [HOST[:PORT]...]}
   */
  public static void main(String[] args) {
    String connectTo = null;
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--connect-to") && i + 1 < args.length) {
        connectTo = args[++i];
      } else {
        hosts.add(args[i]);
      }
    }
    Asyncio.run(main(hosts.isEmpty() ? HOSTS : hosts, connectTo));
  }
}
