package io.weft.conformance;

import static io.weft.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.net.ConnectionOptions;
import io.weft.net.SSLCertVerificationError;
import io.weft.net.Server;
import io.weft.net.ServerOptions;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of {@code docs/tls.md}, with their output. Each region between {@code // ----
 * docs/tls.md NAME begins} and {@code ends} markers (here and in {@link TlsCerts}) must appear
 * verbatim in the page, so the page cannot drift from code that runs (kotlinx Knit's rule).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsDocExampleTest {

  // ---- docs/tls.md keystore begins
  static SSLContext serverContext(Path keyStore, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null); // null trust managers: the JDK's cacerts
    return ctx;
  }

  static SSLContext clientContext(Path trustStore, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      trusted.load(in, password);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
  // ---- docs/tls.md keystore ends

  // ---- docs/tls.md echo begins
  @Coroutine
  static Coro<Void> handleEcho(StreamReader reader, StreamWriter writer) {
    byte[] data = await(reader.readline());
    SSLEngine engine = (SSLEngine) writer.getExtraInfo("ssl_object");
    System.out.println("Server received " + new String(data, UTF_8).strip() + " over "
        + engine.getSession().getProtocol());
    writer.write(data);
    await(writer.drain());
    writer.close(); // close_notify, then the TCP close
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> tlsMain(SSLContext serverContext, SSLContext clientContext) {
    Server server = await(startServer(TlsDocExampleTest::handleEcho, "127.0.0.1", 0,
        ServerOptions.defaults().withSsl(serverContext)));
    int port = server.sockets().get(0).getsockname().getPort();
    try {
      Streams s = await(openConnection("127.0.0.1", port,
          ConnectionOptions.defaults().withSsl(clientContext).withServerHostname("localhost")));
      s.writer().write("Hello TLS!\n".getBytes(UTF_8));
      byte[] data = await(s.reader().readline());
      System.out.println("Client received " + new String(data, UTF_8).strip());
      s.writer().close();
      await(s.writer().waitClosed());
    } finally {
      server.close();
      await(server.waitClosed());
    }
    return done();
  }
  // ---- docs/tls.md echo ends

  // ---- docs/tls.md errors begins
  @Coroutine
  static Coro<Void> connectTo(int port, SSLContext clientContext, String name) {
    try {
      Streams s = await(openConnection("127.0.0.1", port,
          ConnectionOptions.defaults().withSsl(clientContext).withServerHostname(name)));
      s.writer().close();
      await(s.writer().waitClosed());
      System.out.println("connected to " + name);
    } catch (SSLCertVerificationError e) { // unchecked, caught by name, as in Python
      System.out.println("refused " + name + ": " + e.getMessage());
    }
    return done();
  }
  // ---- docs/tls.md errors ends

  @Coroutine
  static Coro<Void> errorsMain(SSLContext serverContext, SSLContext clientContext) {
    Server server = await(startServer((r, w) -> {
      w.close();
      return null;
    }, "127.0.0.1", 0, ServerOptions.defaults().withSsl(serverContext)));
    int port = server.sockets().get(0).getsockname().getPort();
    await(waitFor(connectTo(port, clientContext, "localhost"), 10));
    await(waitFor(connectTo(port, clientContext, "example.org"), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  // ---- docs/tls.md starttls begins
  @Coroutine
  static Coro<Void> handleStartTls(StreamReader reader, StreamWriter writer,
      SSLContext serverContext) {
    byte[] command = await(reader.readline()); // "STARTTLS\n", in plaintext
    writer.write("OK\n".getBytes(UTF_8));
    await(writer.startTls(serverContext)); // server side: the connection came from startServer
    byte[] secret = await(reader.readline()); // TLS from here on
    System.out.println("Server got " + new String(secret, UTF_8).strip() + " after "
        + new String(command, UTF_8).strip());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> startTlsClient(int port, SSLContext clientContext) {
    Streams s = await(openConnection("127.0.0.1", port)); // plain TCP
    s.writer().write("STARTTLS\n".getBytes(UTF_8));
    await(s.reader().readline()); // "OK\n"
    await(s.writer().startTls(clientContext, "localhost"));
    s.writer().write("secret\n".getBytes(UTF_8));
    await(s.reader().read()); // EOF: the server closed
    s.writer().close();
    await(s.writer().waitClosed());
    return done();
  }
  // ---- docs/tls.md starttls ends

  @Coroutine
  static Coro<Void> startTlsMain(SSLContext serverContext, SSLContext clientContext) {
    Server server = await(startServer((r, w) -> handleStartTls(r, w, serverContext),
        "127.0.0.1", 0));
    int port = server.sockets().get(0).getsockname().getPort();
    await(waitFor(startTlsClient(port, clientContext), 10));
    server.close();
    await(waitFor(server.waitClosed(), 10));
    return done();
  }

  static String captured(Runnable body) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(UTF_8);
  }

  /** Makes server.p12 and trust.p12 with keytool, as docs/tls.md tells. */
  static Path keyStores() throws IOException {
    Path dir = TlsCerts.dir();
    if (!Files.exists(dir.resolve("trust.p12"))) {
      TlsCerts.run(dir, "keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
          "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365", "-storetype", "PKCS12",
          "-keystore", "server.p12", "-storepass", "changeit");
      TlsCerts.run(dir, "keytool", "-exportcert", "-alias", "server", "-keystore", "server.p12",
          "-storepass", "changeit", "-rfc", "-file", "server.pem");
      TlsCerts.run(dir, "keytool", "-importcert", "-alias", "server", "-file", "server.pem",
          "-storetype", "PKCS12", "-keystore", "trust.p12", "-storepass", "changeit",
          "-noprompt");
    }
    return dir;
  }

  /** The echo example, with contexts from keytool's key stores, prints what the page says. */
  @Test
  void theEchoExamplePrintsWhatTheDocSays() throws Exception {
    Path dir = keyStores();
    char[] password = "changeit".toCharArray();
    SSLContext server = serverContext(dir.resolve("server.p12"), password);
    SSLContext client = clientContext(dir.resolve("trust.p12"), password);
    assertEquals("Server received Hello TLS! over TLSv1.3\nClient received Hello TLS!\n",
        captured(() -> run(tlsMain(server, client))));
  }

  /** The same with the PEM contexts of TlsCerts (openssl's files). */
  @Test
  void theEchoExampleRunsWithContextsFromPemFiles() {
    assertEquals("Server received Hello TLS! over TLSv1.3\nClient received Hello TLS!\n",
        captured(() -> run(tlsMain(TlsCerts.serverContext(), TlsCerts.clientContext()))));
  }

  /** The errors example prints what the page says. */
  @Test
  void theErrorsExamplePrintsWhatTheDocSays() {
    String out = captured(() -> run(errorsMain(TlsCerts.serverContext(),
        TlsCerts.clientContext())));
    assertEquals("connected to localhost\nrefused example.org: certificate verify failed:"
        + " No subject alternative DNS name matching example.org found.\n", out);
  }

  /** The STARTTLS example prints what the page says. */
  @Test
  void theStartTlsExamplePrintsWhatTheDocSays() {
    assertEquals("Server got secret after STARTTLS\n", captured(() -> run(
        startTlsMain(TlsCerts.serverContext(), TlsCerts.clientContext()))));
  }

  /** Every marked region of the examples appears verbatim in docs/tls.md. */
  @Test
  void theDocShowsTheCodeThatRuns() throws IOException {
    String doc = Files.readString(Path.of("../docs/tls.md"));
    List<String> regions = new ArrayList<>();
    regions.addAll(regions("src/test/java/io/weft/conformance/TlsDocExampleTest.java"));
    regions.addAll(regions("src/test/java/io/weft/conformance/TlsCerts.java"));
    assertEquals(5, regions.size());
    for (String r : regions) {
      assertTrue(doc.contains(r), "docs/tls.md lacks:\n" + r);
    }
  }

  /** The marked regions of a source file, each unindented by two spaces. */
  static List<String> regions(String file) throws IOException {
    List<String> found = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(Path.of(file))) {
      if (line.matches("\\s*// ---- docs/tls.md \\w+ begins")) {
        current = new StringBuilder();
      } else if (line.matches("\\s*// ---- docs/tls.md \\w+ ends")) {
        found.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
      }
    }
    return found;
  }
}
