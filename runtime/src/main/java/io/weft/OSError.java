package io.weft;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An operating-system error: a socket, a file or a process failed. Python's built-in {@code
 * OSError}, the root of the I/O errors asyncio raises ({@link ConnectionError} and its
 * subclasses, {@link io.weft.net.GaiError}).
 *
 * <p>Unchecked, unlike the JDK's {@link IOException}: {@code await} declares no exception, and
 * Java lets a {@code catch} name a checked exception only when the {@code try} block declares
 * it, so a Python program's {@code except ConnectionRefusedError:} could not be written as
 * {@code catch (ConnectionRefusedError e)} around an {@code await} if these were checked.
 *
 * <p>Nothing of the JDK's report is lost: the {@linkplain #getCause() cause} is the {@link
 * IOException} the JDK raised ({@link java.net.ConnectException}, {@link
 * java.net.UnknownHostException}, {@link java.net.BindException}, a {@link
 * java.net.SocketException} "Connection reset", ...). An error Weft raises itself, with no JDK
 * exception beneath, gets one of the JDK's class that says the same thing ({@link
 * java.net.SocketException} for a {@link ConnectionError}, {@link IOException} otherwise), so
 * {@code getCause()} is never null. Python's {@code errno} and {@code strerror} have no Java
 * counterpart: the message names the error in words ("Connection refused").
 *
 * <p>docs/streams.md lists which JDK exception becomes which class.
 */
public class OSError extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error for an exception the JDK raised.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception; null stands for a new {@link IOException} with the same
   *     message
   */
  public OSError(String message, IOException cause) {
    super(message, cause != null ? cause : new IOException(message));
  }

  /**
   * Creates the error with no JDK exception beneath (the cause is an {@link IOException} with
   * the same message).
   *
   * @param message what failed. May be null.
   */
  public OSError(String message) {
    this(message, null);
  }
}
