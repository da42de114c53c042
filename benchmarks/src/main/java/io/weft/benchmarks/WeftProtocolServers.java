package io.weft.benchmarks;

import io.weft.net.Protocol;
import io.weft.net.ServerOptions;
import io.weft.net.Transport;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * H1 and E1 with Weft's protocol API ({@code loop.createServer}): callbacks on the loop's thread,
 * no task and no coroutine per request.
 *
 * <ul>
 *   <li>{@code http}: {@code dataReceived} parses the requests in the lent buffer (split or
 *       pipelined ones too, {@link HttpHello.Parser}) and answers all the requests of one read
 *       with one {@code Transport.write} from a direct buffer holding the responses back to back;
 *   <li>{@code echo}: {@code dataReceived} writes the lent buffer back ({@code write} copies only
 *       what the socket does not take at once).
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/weft-benchmarks.jar io.weft.benchmarks.WeftProtocolServers http 8080
 * </pre>
 */
public final class WeftProtocolServers {
  private WeftProtocolServers() {}

  /**
   * Serves until killed.
   *
   * @param args {@code http} or {@code echo}, and the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    NetServer.main("weft-protocol", args, WeftProtocolServers::start);
  }

  static NetServer start(NetServer.Kind kind, int port) throws Exception {
    ServerOptions options = ServerOptions.defaults().withBacklog(NetServer.BACKLOG);
    return NetServer.onWeftLoop("weft-protocol-" + kind, loop -> {
      Supplier<Protocol> factory;
      if (kind == NetServer.Kind.HTTP) {
        ByteBuffer responses = HttpHello.directResponses(); // one per server: one loop thread
        factory = () -> new Http(responses);
      } else {
        factory = Echo::new;
      }
      return loop.createServer(factory, NetServer.HOST, port, options);
    });
  }

  /** H1: the requests of each read answered with one write. */
  static final class Http implements Protocol {
    private final ByteBuffer responses;
    private final HttpHello.Parser parser = new HttpHello.Parser();
    private Transport transport;

    Http(ByteBuffer responses) {
      this.responses = responses;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      int n = parser.feed(data);
      while (n > 0) {
        int k = Math.min(n, HttpHello.BATCH);
        responses.clear().limit(k * HttpHello.RESPONSE.length);
        transport.write(responses); // sends at once, or copies what it keeps
        n -= k;
      }
      if (parser.bad()) {
        transport.write(HttpHello.BAD_REQUEST);
        transport.close();
      } else if (parser.close()) {
        transport.close();
      }
    }
  }

  /** E1: every read written back. */
  static final class Echo implements Protocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }
  }
}
