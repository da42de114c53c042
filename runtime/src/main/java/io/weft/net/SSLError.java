package io.weft.net;

import io.weft.OSError;
import javax.net.ssl.SSLException;

/**
 * A TLS error: the handshake failed, the peer sent a fatal alert, or a record could not be
 * decrypted. Python's {@code ssl.SSLError}. The JDK's {@link SSLException} is the {@linkplain
 * #getCause() cause}.
 *
 * <p>Unchecked, so that it can be caught by name around an {@code await}: {@code try {
 * await(openConnection(host, port, options)); } catch (SSLError e) { ... }}. Python's {@code
 * SSLError} is an {@code OSError}, and so is Weft's: it extends {@link OSError}, an unchecked
 * {@link java.io.UncheckedIOException}.
 *
 * <p>Raised by {@link io.weft.EventLoop#createConnection}, {@link io.weft.Asyncio#openConnection}
 * and {@link io.weft.EventLoop#startTls} when the handshake fails, and given to the protocol's
 * {@code connectionLost} (so raised by reads, {@code drain()} and {@code waitClosed()}) when an
 * established TLS connection fails. A certificate that does not verify raises the subclass
 * {@link SSLCertVerificationError}.
 */
public class SSLError extends OSError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what failed. May be null.
   * @param cause the JDK's exception. Not null.
   */
  public SSLError(String message, SSLException cause) {
    super(message, cause);
  }

  /**
   * Returns the JDK's exception.
   *
   * @return the cause
   */
  @Override
  public SSLException getCause() {
    return (SSLException) super.getCause();
  }

  /**
   * Gives a JDK exception its Python name: {@link SSLCertVerificationError} when a certificate
   * did not verify (a {@link java.security.cert.CertificateException} in its causes), else
   * {@link SSLError}.
   */
  static SSLError of(SSLException e) {
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof java.security.cert.CertificateException) {
        return new SSLCertVerificationError("certificate verify failed: " + e.getMessage(), e);
      }
    }
    return new SSLError(e.getMessage(), e);
  }
}
