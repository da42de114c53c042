package io.weft.examples.net;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.TimerHandle;
import io.weft.net.Protocol;
import io.weft.net.Server;
import io.weft.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 "Hello, World!" server on the protocol layer, the fast path: requests are parsed
 * straight from the bytes {@code dataReceived} is given, and answered from there, with no task,
 * no coroutine and no allocation per request. Connections are kept alive (several requests, one
 * after the other or pipelined, on one connection) as HTTP/1.1 says, and closed after {@value
 * #KEEP_ALIVE_TIMEOUT} s without a request. Try it with {@code curl -v
 * http://127.0.0.1:8080/ http://127.0.0.1:8080/}: curl says "Re-using existing connection".
 * Prints a line as each connection ends:
 *
 * <pre>
 * Serving on 127.0.0.1:8080
 * 127.0.0.1:53422: 2 requests
 * </pre>
 *
 * <p>The Python shape it follows, a protocol class given to {@code loop.create_server}:
 *
 * <pre>
 * class HttpProtocol(asyncio.Protocol):
 *     def connection_made(self, transport):
 *         self.transport = transport
 *         self.buffer = bytearray()
 *
 *     def data_received(self, data):
 *         self.buffer += data
 *         while (end := self.buffer.find(b"\r\n\r\n")) &gt;= 0:
 *             head = self.buffer[:end]; del self.buffer[:end + 4]
 *             ...   # the request line and the headers that matter: Connection, Content-Length
 *             self.transport.write(RESPONSE)
 *             if not keep_alive:
 *                 self.transport.close()
 *                 return
 *
 * server = await loop.create_server(HttpProtocol, '127.0.0.1', 8080)
 * </pre>
 *
 * <p>What it takes from HTTP/1.1 (RFC 9112): a connection stays open unless the request says
 * {@code Connection: close}, or is HTTP/1.0 without {@code Connection: keep-alive} (then the
 * response says {@code keep-alive} back); every response has a {@code Content-Length}, so the
 * client knows where it ends; a request body announced by {@code Content-Length} is skipped,
 * also when it comes in pieces; {@code HEAD} gets the headers only. A request whose head does not
 * parse gets {@code 400}, one whose head is over {@value #MAX_HEAD} bytes {@code 431}, one with a
 * chunked body {@code 501}, and the connection is closed. Everything else gets the hello.
 *
 * <p><b>Why no allocation per request:</b> {@code dataReceived} gets a buffer the transport
 * lends for the call (see {@code docs/streams.md}). A request that arrives whole is parsed in
 * that buffer and the response is one array made when the server starts; only the part of a
 * request cut by the end of a chunk is copied, into a buffer the connection keeps. The idle
 * timer is rescheduled lazily: one timer per connection, which on firing looks at when the last
 * request came, instead of a cancel and a new timer per request.
 *
 * <p>Arguments: {@code http-server [PORT [CONNECTIONS]]}: port 8080 by default, 0 for one the
 * system chooses; with CONNECTIONS, the server closes after that many connections have ended,
 * otherwise it serves until Ctrl-C.
 */
public final class HttpServer {
  private HttpServer() {}

  /** Seconds a connection may stay open without a request. */
  static final double KEEP_ALIVE_TIMEOUT = 15.0;

  /** The largest request head (request line and headers) accepted, in bytes. */
  static final int MAX_HEAD = 8192;

  /** The body of every response. */
  static final String HELLO = "Hello, World!";

  /**
   * The responses of one server: made once, written as they are for every request.
   *
   * @param keepAlive the answer to an HTTP/1.1 request that keeps its connection
   * @param keepAlive10 the answer to an HTTP/1.0 request with {@code Connection: keep-alive}
   * @param close the answer to a request that closes its connection
   * @param headKeepAlive {@code keepAlive} without its body, for {@code HEAD}
   * @param headKeepAlive10 {@code keepAlive10} without its body
   * @param headClose {@code close} without its body
   */
  record Responses(byte[] keepAlive, byte[] keepAlive10, byte[] close, byte[] headKeepAlive,
      byte[] headKeepAlive10, byte[] headClose) {

    /**
     * Makes the responses with {@code body} as their body.
     *
     * @param body the text every request gets
     * @return the responses
     */
    static Responses of(String body) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      return new Responses(
          response(b, "", true),
          response(b, "Connection: keep-alive\r\n", true),
          response(b, "Connection: close\r\n", true),
          response(b, "", false),
          response(b, "Connection: keep-alive\r\n", false),
          response(b, "Connection: close\r\n", false));
    }

    private static byte[] response(byte[] body, String connection, boolean withBody) {
      String head = "HTTP/1.1 200 OK\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "Content-Length: " + body.length + "\r\n"
          + connection
          + "\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      if (!withBody) {
        return h;
      }
      byte[] all = Arrays.copyOf(h, h.length + body.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      return all;
    }
  }

  /**
   * One connection: parses the requests in the bytes received and answers each. Python's {@code
   * asyncio.Protocol}, whose callbacks the transport calls on the loop's thread.
   */
  static final class HttpProtocol implements Protocol {
    private static final byte[] BAD_REQUEST = error("400 Bad Request");
    private static final byte[] TOO_LARGE = error("431 Request Header Fields Too Large");
    private static final byte[] NOT_IMPLEMENTED = error("501 Not Implemented");

    private final Responses responses;
    private final double keepAliveTimeout;
    private final Consumer<HttpProtocol> onLost;
    private Transport transport;
    private EventLoop loop;
    /** The start of a request cut by the end of a chunk; null when none is pending. */
    private byte[] pending;
    private int pendingLength;
    /** Bytes of a request body still to skip. */
    private long bodyLeft;
    private int requests;
    private double lastRequest;
    private TimerHandle idleTimer;
    private String peer = "?";

    /**
     * Creates the protocol of one connection.
     *
     * @param responses what to answer
     * @param keepAliveTimeout seconds the connection may stay open without a request
     * @param onLost called with this protocol when its connection is lost
     */
    HttpProtocol(Responses responses, double keepAliveTimeout, Consumer<HttpProtocol> onLost) {
      this.responses = responses;
      this.keepAliveTimeout = keepAliveTimeout;
      this.onLost = onLost;
    }

    private static byte[] error(String status) {
      return ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the number of requests answered on this connection. */
    int requests() {
      return requests;
    }

    /** Returns the client's address, {@code 127.0.0.1:53422}. */
    String peer() {
      return peer;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      this.loop = Asyncio.getRunningLoop();
      Object address = transport.getExtraInfo("peername");
      if (address != null) {
        peer = EchoServer.address(address);
      }
      lastRequest = loop.time();
      idleTimer = loop.callLater(keepAliveTimeout, this::idleCheck);
    }

    /** Closes the connection when idle for the timeout; else looks again when it would be. */
    private void idleCheck() {
      double idle = loop.time() - lastRequest;
      if (idle >= keepAliveTimeout) {
        transport.close();
      } else {
        idleTimer = loop.callLater(keepAliveTimeout - idle, this::idleCheck);
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      if (transport.isClosing()) {
        return; // a response closed it: what follows is not read
      }
      if (pending == null) {
        parse(data); // the common case: parse in the lent buffer
        return;
      }
      append(data.slice()); // after a cut: join the pieces first
      ByteBuffer joined = ByteBuffer.wrap(pending, 0, pendingLength);
      pending = null;
      pendingLength = 0;
      parse(joined);
    }

    /** Answers every whole request in {@code data}, keeps the part of a cut one. */
    private void parse(ByteBuffer data) {
      while (data.hasRemaining() && !transport.isClosing()) {
        if (bodyLeft > 0) { // skip a request body
          int skip = (int) Math.min(bodyLeft, data.remaining());
          data.position(data.position() + skip);
          bodyLeft -= skip;
          continue;
        }
        int end = headEnd(data);
        if (end < 0) {
          if (data.remaining() > MAX_HEAD) {
            reject(TOO_LARGE);
          } else {
            append(data); // the rest comes with the next chunk
          }
          return;
        }
        answer(data, data.position(), end);
        data.position(end + 4);
      }
    }

    /** Returns the index of the {@code \r\n\r\n} ending the head that starts at the position. */
    private static int headEnd(ByteBuffer data) {
      int limit = data.limit();
      for (int i = data.position(); i + 3 < limit; i++) {
        if (data.get(i) == '\r' && data.get(i + 1) == '\n' && data.get(i + 2) == '\r'
            && data.get(i + 3) == '\n') {
          return i;
        }
      }
      return -1;
    }

    /** Parses the head in {@code data[start, end)} and writes the answer. */
    private void answer(ByteBuffer data, int start, int end) {
      if (end - start > MAX_HEAD) {
        reject(TOO_LARGE);
        return;
      }
      // request line: METHOD SP TARGET SP HTTP/1.x
      int lineEnd = indexOf(data, start, end, '\r');
      int firstSpace = indexOf(data, start, lineEnd, ' ');
      int lastSpace = lastIndexOf(data, start, lineEnd, ' ');
      if (firstSpace <= start || lastSpace <= firstSpace + 1
          || !regionMatches(data, lastSpace + 1, lineEnd, "HTTP/1.")
          || lineEnd - lastSpace != 9) {
        reject(BAD_REQUEST);
        return;
      }
      boolean http11 = data.get(lineEnd - 1) == '1';
      boolean head = firstSpace - start == 4 && regionMatches(data, start, firstSpace, "HEAD");
      // headers: the ones that matter here
      boolean close = false;
      boolean keepAlive = false;
      long contentLength = 0;
      int line = lineEnd + 2;
      while (line < end) {
        int next = indexOf(data, line, end, '\r');
        int colon = indexOf(data, line, next, ':');
        if (colon == next) {
          reject(BAD_REQUEST);
          return;
        }
        if (nameIs(data, line, colon, "connection")) {
          close = valueContains(data, colon + 1, next, "close");
          keepAlive = valueContains(data, colon + 1, next, "keep-alive");
        } else if (nameIs(data, line, colon, "content-length")) {
          contentLength = number(data, colon + 1, next);
          if (contentLength < 0) {
            reject(BAD_REQUEST);
            return;
          }
        } else if (nameIs(data, line, colon, "transfer-encoding")) {
          reject(NOT_IMPLEMENTED); // a chunked body: not for a hello world
          return;
        }
        line = next + 2;
      }
      requests++;
      lastRequest = loop.time();
      bodyLeft = contentLength;
      boolean keep = http11 ? !close : keepAlive && !close;
      if (keep) {
        transport.write(http11
            ? (head ? responses.headKeepAlive() : responses.keepAlive())
            : (head ? responses.headKeepAlive10() : responses.keepAlive10()));
      } else {
        transport.write(head ? responses.headClose() : responses.close());
        transport.close(); // after the response is sent
      }
    }

    private void reject(byte[] response) {
      transport.write(response);
      transport.close();
    }

    /** Keeps {@code data}'s remaining bytes for the next chunk. */
    private void append(ByteBuffer data) {
      int n = data.remaining();
      if (pending == null) {
        pending = new byte[Math.max(256, n)];
      } else if (pendingLength + n > pending.length) {
        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + n));
      }
      data.get(pending, pendingLength, n);
      pendingLength += n;
    }

    private static int indexOf(ByteBuffer data, int from, int to, char c) {
      for (int i = from; i < to; i++) {
        if (data.get(i) == c) {
          return i;
        }
      }
      return to;
    }

    private static int lastIndexOf(ByteBuffer data, int from, int to, char c) {
      for (int i = to - 1; i >= from; i--) {
        if (data.get(i) == c) {
          return i;
        }
      }
      return from - 1;
    }

    private static boolean regionMatches(ByteBuffer data, int from, int to, String s) {
      if (to - from < s.length()) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        if (data.get(from + i) != s.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether the header name in {@code [from, to)} is {@code name}, ignoring case. */
    private static boolean nameIs(ByteBuffer data, int from, int to, String name) {
      if (to - from != name.length()) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        if (Character.toLowerCase((char) data.get(from + i)) != name.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether the header value in {@code [from, to)} has {@code token}, ignoring case. */
    private static boolean valueContains(ByteBuffer data, int from, int to, String token) {
      for (int i = from; i + token.length() <= to; i++) {
        int k = 0;
        while (k < token.length()
            && Character.toLowerCase((char) data.get(i + k)) == token.charAt(k)) {
          k++;
        }
        if (k == token.length()) {
          return true;
        }
      }
      return false;
    }

    /** The decimal number in {@code [from, to)}, blanks around it allowed; -1 if none. */
    private static long number(ByteBuffer data, int from, int to) {
      while (from < to && isBlank(data.get(from))) {
        from++;
      }
      while (to > from && isBlank(data.get(to - 1))) {
        to--;
      }
      if (from == to) {
        return -1;
      }
      long n = 0;
      for (int i = from; i < to; i++) {
        byte b = data.get(i);
        if (b < '0' || b > '9' || n > Integer.MAX_VALUE) {
          return -1;
        }
        n = n * 10 + (b - '0');
      }
      return n;
    }

    private static boolean isBlank(byte b) {
      return b == ' ' || b == '\t';
    }

    @Override
    public void connectionLost(Throwable exc) {
      if (idleTimer != null) {
        idleTimer.cancel();
      }
      onLost.accept(this);
    }
  }

  /**
   * Serves on {@code host}:{@code port} until {@code connections} connections have ended, or
   * for ever; idle connections are closed after {@value #KEEP_ALIVE_TIMEOUT} s.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @return the coroutine
   */
  static Coro<Void> main(String host, int port, int connections) {
    return main(host, port, connections, KEEP_ALIVE_TIMEOUT);
  }

  /**
   * Serves on {@code host}:{@code port} until {@code connections} connections have ended, or
   * for ever.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @param keepAliveTimeout seconds an idle connection stays open
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(String host, int port, int connections, double keepAliveTimeout) {
    EventLoop loop = Asyncio.getRunningLoop();
    Responses responses = Responses.of(HELLO);
    Future<Void> allServed = loop.createFuture();
    int[] ended = {0};
    Consumer<HttpProtocol> onLost = p -> {
      int n = p.requests();
      System.out.println(p.peer() + ": " + n + (n == 1 ? " request" : " requests"));
      if (++ended[0] == connections) {
        allServed.setResult(null);
      }
    };
    Server server = await(loop.createServer(
        () -> new HttpProtocol(responses, keepAliveTimeout, onLost), host, port));
    System.out.println("Serving on " + EchoServer.address(server.sockets().get(0).getsockname()));
    try {
      if (connections == 0) {
        await(server.serveForever());
      } else {
        await(allServed);
      }
    } finally {
      server.close();
      await(server.waitClosed());
    }
    return done();
  }

  /**
   * Runs the server.
   *
   * @param args {@code [PORT [CONNECTIONS]]}
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Asyncio.run(main("127.0.0.1", port, connections));
  }
}
