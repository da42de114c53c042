package io.weft.net;

import javax.net.ssl.SSLException;

/**
 * The peer's certificate did not verify: it is not trusted, has expired, or does not name the
 * host ({@code serverHostname}) the client asked for. Python's {@code
 * ssl.SSLCertVerificationError} (also known as {@code ssl.CertificateError}), a subclass of
 * {@link SSLError}.
 *
 * <p>The message starts with "certificate verify failed: " followed by the JDK's reason, for
 * instance "No subject alternative DNS name matching example.org found." for a hostname
 * mismatch, or "PKIX path building failed: ..." for a certificate no trust anchor vouches for.
 * Fix it by connecting with the name the certificate carries ({@code serverHostname}), or by
 * giving the client's {@link javax.net.ssl.SSLContext} a trust store that holds the server's
 * certificate or its CA (see docs/tls.md).
 */
public class SSLCertVerificationError extends SSLError {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what failed to verify. May be null.
   * @param cause the JDK's exception. Not null.
   */
  public SSLCertVerificationError(String message, SSLException cause) {
    super(message, cause);
  }
}
