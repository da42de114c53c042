package io.weft.conformance;

import static io.weft.Asyncio.getRunningLoop;

import io.weft.net.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the loopback network tests share: bytes from text and back, a server's port, errors. */
final class Loopback {
  private Loopback() {}

  /** The bytes of {@code s}, one per char (ISO-8859-1), as Python's {@code b"..."}. */
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The text of {@code b}, one char per byte. */
  static String s(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** The port a server listening on an ephemeral port got. */
  static int port(Server server) {
    return server.sockets().get(0).getsockname().getPort();
  }

  /** Collects what reaches the running loop's exception handler; tests assert it stays empty. */
  static List<Map<String, Object>> recordErrors() {
    List<Map<String, Object>> messages = new ArrayList<>();
    getRunningLoop().setExceptionHandler((loop, ctx) -> messages.add(ctx));
    return messages;
  }
}
