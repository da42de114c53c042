package io.weft.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of the Tls* tests, made at run time: a self-signed certificate for {@code
 * localhost} and {@code 127.0.0.1} (an EC P-256 key), written by {@code openssl req} into a
 * temporary directory that is deleted when the JVM exits, and the {@link SSLContext}s built from
 * its PEM files the way docs/tls.md shows. CPython's test_asyncio ships fixed certificates
 * (keycert.pem, ONLYCERT/ONLYKEY); generating one keeps expiry dates out of the repository.
 */
final class TlsCerts {
  private TlsCerts() {}

  /** The openssl binary; the tests need it for the certificate and the interop peers. */
  static final String OPENSSL = "/usr/bin/openssl";

  private static Path dir;

  /** The directory holding cert.pem and key.pem, made on first use. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("weft-tls");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(d)));
        run(d, OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
            "-days", "2", "-subj", "/CN=localhost", "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1");
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  static Path cert() {
    return dir().resolve("cert.pem");
  }

  static Path key() {
    return dir().resolve("key.pem");
  }

  /** The server's context: the generated key and certificate. */
  static SSLContext serverContext() {
    try {
      return serverContext(cert(), key());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client's context that trusts the generated certificate (and nothing else). */
  static SSLContext clientContext() {
    try {
      return clientContext(cert());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client's context with the JDK's default trust store: the test certificate fails it. */
  static SSLContext defaultClientContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- docs/tls.md pem begins
  static SSLContext serverContext(Path certPem, Path keyPem)
      throws IOException, GeneralSecurityException {
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(certPem)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
          .toArray(new Certificate[0]);
    }
    String pem = Files.readString(keyPem); // "-----BEGIN PRIVATE KEY-----" (PKCS #8)
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm())
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    char[] password = "unused".toCharArray(); // the key store lives in memory only
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", key, password, chain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  static SSLContext clientContext(Path caPem) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
  // ---- docs/tls.md pem ends

  /** Runs a command in {@code dir} to its end (at most 60 s), failing on a non-zero exit. */
  static void run(Path dir, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      p.destroyForcibly();
    }
  }

  /** Starts a command in the certificate directory, stderr merged into stdout. */
  static Process start(String... command) throws IOException {
    List<String> c = new ArrayList<>(List.of(command));
    return new ProcessBuilder(c).directory(dir().toFile()).redirectErrorStream(true).start();
  }

  private static void deleteQuietly(Path d) {
    try (Stream<Path> files = Files.walk(d)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
