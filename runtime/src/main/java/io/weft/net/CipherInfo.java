package io.weft.net;

/**
 * The cipher a TLS connection negotiated: the value of {@code getExtraInfo("cipher")} on a TLS
 * transport. Python's {@code SSLObject.cipher()} tuple {@code (name, protocol, secret_bits)}.
 *
 * @param name the cipher suite's standard name, such as {@code "TLS_AES_256_GCM_SHA384"}
 *     ({@link javax.net.ssl.SSLSession#getCipherSuite()})
 * @param protocol the protocol version, such as {@code "TLSv1.3"} ({@link
 *     javax.net.ssl.SSLSession#getProtocol()})
 * @param secretBits the strength of the symmetric cipher in bits (128 or 256 for AES, 256 for
 *     ChaCha20), or -1 when the suite's name does not tell
 */
public record CipherInfo(String name, String protocol, int secretBits) {

  /** Reads the key size of the symmetric cipher from a standard suite name. */
  static int secretBitsOf(String suite) {
    if (suite == null) {
      return -1;
    }
    if (suite.contains("AES_256") || suite.contains("CHACHA20")) {
      return 256;
    }
    if (suite.contains("AES_128")) {
      return 128;
    }
    if (suite.contains("3DES")) {
      return 112;
    }
    return -1;
  }
}
