package io.weft.net;

import io.weft.EventLoop;
import io.weft.KeyboardInterrupt;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exception plumbing shared by this package's transports, servers and streams. */
final class NetErrors {
  private NetErrors() {}

  /**
   * Gives the JDK's socket errors their Python names. The JDK reports a reset as a plain {@link
   * java.net.SocketException} or {@link IOException} whose message says so ("Connection reset",
   * "Connection reset by peer") and a write to a closed peer as "Broken pipe"; Python programs
   * catch {@code ConnectionResetError} and {@code BrokenPipeError}.
   */
  static IOException translate(IOException e) {
    if (e instanceof ConnectionResetError || e instanceof BrokenPipeError) {
      return e;
    }
    String m = e.getMessage();
    if (m != null) {
      if (m.contains("Connection reset")) {
        return new ConnectionResetError(m, e);
      }
      if (m.contains("Broken pipe")) {
        return new BrokenPipeError(m, e);
      }
    }
    return e;
  }

  /**
   * Whether a callback's error must leave the loop instead of closing the transport: Python's
   * {@code except (SystemExit, KeyboardInterrupt): raise}, plus the JVM's own fatal errors.
   */
  static boolean escapes(Throwable t) {
    return t instanceof KeyboardInterrupt || t instanceof VirtualMachineError;
  }

  /** Reports an error to the loop's exception handler with Python's context keys. */
  static void report(EventLoop loop, String message, Throwable exc, Object... pairs) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("message", message);
    if (exc != null) {
      ctx.put("exception", exc);
    }
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        ctx.put((String) pairs[i], pairs[i + 1]);
      }
    }
    loop.callExceptionHandler(ctx);
  }

  /** Throws {@code t}, checked or not, from code that declares nothing (the frames' resume). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
