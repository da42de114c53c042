package io.weft.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * H1's HTTP/1.1 side, shared by the servers that parse by hand (Weft's protocol and streams
 * servers, the virtual-thread server and the raw selector loop; Netty parses with its own
 * {@code HttpServerCodec}): the response every server sends, byte for byte, and a small
 * incremental request parser.
 *
 * <p>The parser reads what a hello-world server needs and no more, but reads it properly: the
 * request line ({@code METHOD SP target SP HTTP/1.x}), each header line for {@code
 * Content-Length} (the body is skipped) and {@code Connection} (keep-alive is HTTP/1.1's default;
 * {@code close} ends the connection after the response, as does HTTP/1.0 without {@code
 * keep-alive}), and the empty line. Requests may arrive split across reads or several in one read
 * (pipelining). It allocates nothing per request once a connection's carry buffer exists; the
 * carry is used only for a head split across reads.
 */
final class HttpHello {
  /** The body: 13 bytes. */
  static final String BODY = "Hello, World!";

  /**
   * The response, identical for every server. Lower-case header names, in the order Netty writes
   * them, so that Netty's response is the same bytes.
   */
  static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
      + "content-type: text/plain\r\n"
      + "content-length: 13\r\n"
      + "\r\n"
      + BODY).getBytes(StandardCharsets.US_ASCII);

  /** The answer to a request this parser refuses; the connection is closed after it. */
  static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\n"
      + "content-length: 0\r\n"
      + "connection: close\r\n"
      + "\r\n").getBytes(StandardCharsets.US_ASCII);

  /** The end of a request head. */
  static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  /** How many responses one write sends at most: pipelined requests answered together. */
  static final int BATCH = 64;

  /** {@link #BATCH} copies of {@link #RESPONSE}, back to back. */
  static final byte[] RESPONSES = repeat(RESPONSE, BATCH);

  /** The longest request head accepted (as Netty's default of 8 KiB for the initial line + headers). */
  static final int MAX_HEAD = 8192;

  private static final byte[] CONTENT_LENGTH = lower("content-length");
  private static final byte[] CONNECTION = lower("connection");
  private static final byte[] HTTP_1 = lower("HTTP/1.");
  private static final byte[] CLOSE = lower("close");
  private static final byte[] KEEP_ALIVE = lower("keep-alive");

  private HttpHello() {}

  private static byte[] lower(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] repeat(byte[] b, int times) {
    byte[] out = new byte[b.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(b, 0, out, i * b.length, b.length);
    }
    return out;
  }

  /** A direct buffer holding {@link #RESPONSES}, for servers that write from native memory. */
  static ByteBuffer directResponses() {
    ByteBuffer b = ByteBuffer.allocateDirect(RESPONSES.length);
    b.put(RESPONSES).flip();
    return b;
  }

  /**
   * One connection's request parser. Feed it what the socket gave; it says how many complete
   * requests it found, and whether the connection must close after answering them.
   */
  static final class Parser {
    /** A head begun in an earlier read, waiting for its end. */
    private byte[] carry;

    private int carryLength;

    /** Body bytes of the last request still to skip. */
    private long bodyLeft;

    /** The last request asked to close the connection after its response. */
    private boolean close;

    /** A request was malformed: answer {@link #BAD_REQUEST} and close. */
    private boolean bad;

    /** Set by {@link #head}: the Content-Length of the request just parsed. */
    private long contentLength;

    /**
     * Whether the connection must be closed once the requests counted so far are answered (a
     * {@code Connection: close}, or HTTP/1.0).
     */
    boolean close() {
      return close;
    }

    /**
     * Whether the input was not HTTP: answer the requests counted so far, then {@link
     * #BAD_REQUEST}, and close.
     */
    boolean bad() {
      return bad;
    }

    /** The Content-Length of the head parsed last. */
    long contentLength() {
      return contentLength;
    }

    /**
     * Parses one complete head, as {@code readuntil("\r\n\r\n")} returns it; then {@link
     * #close()} and {@link #contentLength()} describe it (the body is the caller's to read).
     *
     * @return false when it is not an HTTP/1.x request
     */
    boolean parseHead(byte[] head) {
      return head(ByteBuffer.wrap(head), 0, head.length);
    }

    /**
     * Consumes the remaining bytes of {@code in} and returns the number of requests completed by
     * them. After a request that closes the connection, or after malformed input, the rest of
     * {@code in} is dropped and nothing more is counted.
     */
    int feed(ByteBuffer in) {
      int count = 0;
      while (in.hasRemaining() && !close && !bad) {
        if (bodyLeft > 0) {
          int skip = (int) Math.min(bodyLeft, in.remaining());
          in.position(in.position() + skip);
          bodyLeft -= skip;
          continue;
        }
        if (carryLength == 0) {
          int from = in.position();
          int end = headEnd(in, from, in.limit());
          if (end < 0) {
            keep(in); // an incomplete head: wait for the rest
            break;
          }
          in.position(end);
          if (!head(in, from, end)) {
            bad = true;
            break;
          }
        } else {
          // the head began in an earlier read: add to it until its end is there
          int searchFrom = Math.max(0, carryLength - 3);
          int before = carryLength;
          int n = Math.min(in.remaining(), MAX_HEAD - carryLength);
          in.get(carry, carryLength, n);
          carryLength += n;
          int end = headEnd(ByteBuffer.wrap(carry, 0, carryLength), searchFrom, carryLength);
          if (end < 0) {
            if (carryLength == MAX_HEAD) {
              bad = true; // a head longer than the limit
            }
            continue; // in is used up (or bad): the loop ends
          }
          // give back the bytes after the head: they belong to what follows
          in.position(in.position() - (carryLength - end));
          carryLength = 0;
          if (end <= before || !head(ByteBuffer.wrap(carry), 0, end)) {
            bad = true;
            break;
          }
        }
        bodyLeft = contentLength;
        count++;
      }
      if (close || bad) {
        in.position(in.limit());
      }
      return count;
    }

    /** Starts the carry buffer with the rest of {@code in}: a head that continues in the next read. */
    private void keep(ByteBuffer in) {
      int n = in.remaining();
      if (n >= MAX_HEAD) {
        bad = true; // no end within the limit
        return;
      }
      if (carry == null) {
        carry = new byte[MAX_HEAD];
      }
      in.get(carry, 0, n);
      carryLength = n;
    }

    /**
     * Parses the head in {@code b[from, end)} (ending with the empty line): the request line,
     * then Content-Length and Connection. Returns false when it is not an HTTP/1.x request.
     */
    private boolean head(ByteBuffer b, int from, int end) {
      contentLength = 0;
      // request line: METHOD SP target SP HTTP/1.x CRLF
      int i = from;
      int methodStart = i;
      while (i < end && isTokenChar(b.get(i))) {
        i++;
      }
      if (i == methodStart || i >= end || b.get(i) != ' ') {
        return false;
      }
      i++;
      int targetStart = i;
      while (i < end && b.get(i) > ' ') {
        i++;
      }
      if (i == targetStart || i >= end || b.get(i) != ' ') {
        return false;
      }
      i++;
      if (!matches(b, i, end, HTTP_1) || i + HTTP_1.length + 1 >= end) {
        return false;
      }
      byte minor = b.get(i + HTTP_1.length);
      if (minor != '0' && minor != '1') {
        return false;
      }
      boolean keepAliveDefault = minor == '1';
      i += HTTP_1.length + 1;
      if (b.get(i) != '\r' || b.get(i + 1) != '\n') {
        return false;
      }
      i += 2;
      Boolean connectionClose = null;
      // header lines until the empty one
      while (i < end) {
        if (b.get(i) == '\r') {
          break; // the empty line: the head ends here
        }
        int lineEnd = i;
        while (b.get(lineEnd) != '\r') {
          lineEnd++;
        }
        int colon = i;
        while (colon < lineEnd && b.get(colon) != ':') {
          colon++;
        }
        if (colon == i || colon == lineEnd) {
          return false;
        }
        int valueStart = colon + 1;
        while (valueStart < lineEnd && (b.get(valueStart) == ' ' || b.get(valueStart) == '\t')) {
          valueStart++;
        }
        int valueEnd = lineEnd;
        while (valueEnd > valueStart && (b.get(valueEnd - 1) == ' ' || b.get(valueEnd - 1) == '\t')) {
          valueEnd--;
        }
        if (equalsIgnoreCase(b, i, colon, CONTENT_LENGTH)) {
          long n = 0;
          if (valueStart == valueEnd || valueEnd - valueStart > 18) {
            return false;
          }
          for (int k = valueStart; k < valueEnd; k++) {
            byte d = b.get(k);
            if (d < '0' || d > '9') {
              return false;
            }
            n = n * 10 + (d - '0');
          }
          contentLength = n;
        } else if (equalsIgnoreCase(b, i, colon, CONNECTION)) {
          if (equalsIgnoreCase(b, valueStart, valueEnd, CLOSE)) {
            connectionClose = Boolean.TRUE;
          } else if (equalsIgnoreCase(b, valueStart, valueEnd, KEEP_ALIVE)) {
            connectionClose = Boolean.FALSE;
          }
        }
        i = lineEnd + 2;
      }
      close = connectionClose != null ? connectionClose : !keepAliveDefault;
      return true;
    }
  }

  /**
   * The index just past the first {@code \r\n\r\n} in {@code b[from, to)}, or -1. A head cannot
   * start with it (a request line comes first), so a match at {@code from} is still a match: the
   * caller passes where its search may resume.
   */
  static int headEnd(ByteBuffer b, int from, int to) {
    int i = from;
    while (i + 3 < to) {
      byte last = b.get(i + 3);
      if (last != '\n' && last != '\r') {
        i += 4; // no match can start at i .. i + 3: each would need \r or \n at i + 3
        continue;
      }
      if (last == '\n' && b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r') {
        return i + 4;
      }
      i++;
    }
    return -1;
  }

  private static boolean isTokenChar(byte c) {
    return c > ' ' && c < 127 && c != '(' && c != ')' && c != '<' && c != '>' && c != '@'
        && c != ',' && c != ';' && c != ':' && c != '\\' && c != '"' && c != '/' && c != '['
        && c != ']' && c != '?' && c != '=' && c != '{' && c != '}';
  }

  private static boolean matches(ByteBuffer b, int at, int end, byte[] what) {
    if (end - at < what.length) {
      return false;
    }
    for (int k = 0; k < what.length; k++) {
      if (b.get(at + k) != what[k]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code b[from, to)} equals {@code lower} ignoring ASCII case. */
  private static boolean equalsIgnoreCase(ByteBuffer b, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int k = 0; k < lower.length; k++) {
      byte c = b.get(from + k);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower[k]) {
        return false;
      }
    }
    return true;
  }
}
