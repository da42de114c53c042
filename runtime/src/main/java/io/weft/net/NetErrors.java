package io.weft.net;

import io.weft.EventLoop;
import io.weft.BrokenPipeError;
import io.weft.ConnectionAbortedError;
import io.weft.ConnectionRefusedError;
import io.weft.ConnectionResetError;
import io.weft.KeyboardInterrupt;
import io.weft.OSError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exception plumbing shared by this package's transports, servers and streams. */
final class NetErrors {
  private NetErrors() {}

  /**
   * Gives a JDK I/O error its Python name: the one mapping from {@link IOException} to Weft's
   * unchecked {@link OSError} tree, used wherever this package raises an I/O error or hands one
   * to a protocol. The JDK's exception becomes the {@linkplain OSError#getCause() cause}.
   *
   * <pre>
   *  JDK exception                                    Weft (Python)
   *  UnknownHostException                             GaiError (socket.gaierror)
   *  ConnectException "Connection refused"            ConnectionRefusedError
   *  PortUnreachableException (a datagram refused)    ConnectionRefusedError
   *  any, message "Connection reset"                  ConnectionResetError
   *  any, message "Broken pipe"                       BrokenPipeError
   *  any, message "Software caused connection abort"  ConnectionAbortedError
   *    or "Connection aborted"
   *  anything else (BindException, "timed out", ...)  OSError
   * </pre>
   *
   * The JDK gives a reset, a broken pipe and an abort no class of their own, only a message
   * (the operating system's {@code strerror}), so those are told apart by their message.
   *
   * @param e the JDK's exception. Not null.
   * @return the Weft error; its message is the JDK's
   */
  static OSError translate(IOException e) {
    return translate(null, e);
  }

  /**
   * Like {@link #translate(IOException)}, the message saying what was being done first: {@code
   * what + ": " + the JDK's message}, as Python's "Connect call failed ('127.0.0.1', 80)".
   *
   * @param what what failed, e.g. "Connect call failed 127.0.0.1:80". May be null.
   * @param e the JDK's exception. Not null.
   * @return the Weft error
   */
  static OSError translate(String what, IOException e) {
    String m = e.getMessage();
    if (m == null) {
      m = e instanceof ClosedChannelException ? "the channel is closed"
          : e.getClass().getSimpleName();
    }
    String message = what == null ? m : what + ": " + m;
    if (e instanceof UnknownHostException) {
      return new GaiError(message, e);
    }
    if (e instanceof PortUnreachableException
        || (e instanceof ConnectException && m.contains("refused"))) {
      return new ConnectionRefusedError(message, e);
    }
    if (m.contains("Connection reset")) {
      return new ConnectionResetError(message, e);
    }
    if (m.contains("Broken pipe")) {
      return new BrokenPipeError(message, e);
    }
    if (m.contains("connection abort") || m.contains("Connection aborted")) {
      return new ConnectionAbortedError(message, e);
    }
    return new OSError(message, e);
  }

  /**
   * Checks the marks given to a transport's {@code setWriteBufferLimits(high, low)}: Python's
   * {@code ValueError} of {@code _set_write_buffer_limits} (and of {@code sslproto}'s {@code
   * add_flowcontrol_defaults}), the same message for a plain transport and a TLS one.
   *
   * @throws IllegalArgumentException unless {@code high >= low >= 0}
   */
  static void checkWriteBufferLimits(int high, int low) {
    if (!(high >= low && low >= 0)) {
      throw new IllegalArgumentException(
          "high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
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
