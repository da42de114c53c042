package io.weft.conformance;

import static io.weft.Asyncio.*;
import static io.weft.conformance.Loopback.*;
import static io.weft.conformance.TlsStreamsTest.tlsClient;
import static io.weft.conformance.TlsStreamsTest.tlsServer;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Future;
import io.weft.net.CipherInfo;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Streams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weft's TLS against peers Weft did not write: OpenSSL's {@code s_server} and {@code s_client}
 * (run as processes) and the JDK's blocking {@link SSLSocket} / {@link SSLServerSocket} (on a
 * thread), the latter held to TLS 1.2 so that both protocol versions are covered. CPython's
 * test_ssl.py does the same with blocking ssl sockets in threads (its {@code tcp_server} /
 * {@code tcp_client} helpers). Loopback only; processes are killed in {@code finally}, blocking
 * sockets have read timeouts, every await has a timeout.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsInteropTest {

  /** Reads a process's output on a thread: the port it printed, then all of it at its end. */
  static final class Output {
    final CompletableFuture<Integer> port = new CompletableFuture<>();
    final CompletableFuture<String> all = new CompletableFuture<>();

    Output(Process p, boolean wantPort) {
      Thread t = new Thread(() -> {
        StringBuilder text = new StringBuilder();
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            text.append(line).append('\n');
            if (wantPort && !port.isDone() && line.startsWith("ACCEPT ")) {
              port.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
            }
          }
        } catch (IOException | RuntimeException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("no ACCEPT line in: " + text));
        all.complete(text.toString());
      }, "tls-interop-output");
      t.setDaemon(true);
      t.start();
    }
  }

  static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ openssl s_server

  @Coroutine
  static Coro<Void> againstOpensslServer() throws Exception {
    List<Map<String, Object>> messages = recordErrors();
    Process p = TlsCerts.start(TlsCerts.OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-cert",
        "cert.pem", "-key", "key.pem", "-rev", "-naccept", "1");
    try {
      Output out = new Output(p, true);
      int port = await(waitFor(wrapFuture(out.port), 20));
      Streams s = await(waitFor(openConnection("127.0.0.1", port,
          tlsClient().withServerHostname("localhost")), 10));
      assertEquals("TLSv1.3", ((CipherInfo) s.writer().getExtraInfo("cipher")).protocol());
      s.writer().write(b("hello openssl\n"));
      assertEquals("lssnepo olleh\n", s(await(waitFor(s.reader().readline(), 10))));
      s.writer().close(); // close_notify; s_server answers and hangs up
      await(waitFor(s.writer().waitClosed(), 10));
      String log = await(waitFor(wrapFuture(out.all), 20)); // -naccept 1: it exits
      assertTrue(log.contains("CONNECTION ESTABLISHED"), log);
      assertTrue(log.contains("CONNECTION CLOSED"), log);
      assertEquals(0, p.waitFor(), log);
    } finally {
      kill(p);
    }
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_create_connection_ssl_1 against a peer Weft did not write: a Weft client
   * talks to {@code openssl s_server -rev} (it sends each line back reversed) with SNI and
   * hostname verification, and closes with close_notify.
   */
  @Test
  void aWeftClientTalksToOpensslSServer() throws Exception {
    run(againstOpensslServer());
  }

  // ------------------------------------------------------------------ openssl s_client

  @Coroutine
  static Coro<Void> upperAndRecordSni(StreamReader reader, StreamWriter writer,
      Future<String> sni) {
    SSLEngine engine = (SSLEngine) writer.getExtraInfo("ssl_object");
    ExtendedSSLSession session = (ExtendedSSLSession) engine.getSession();
    sni.setResult(session.getRequestedServerNames().isEmpty() ? "none"
        : ((SNIHostName) session.getRequestedServerNames().get(0)).getAsciiName());
    byte[] line = await(reader.readline());
    writer.write(b(s(line).toUpperCase()));
    await(writer.drain());
    writer.close();
    await(writer.waitClosed());
    return done();
  }

  @Coroutine
  static Coro<Void> opensslClientAgainstWeft() throws Exception {
    List<Map<String, Object>> messages = recordErrors();
    Future<String> sni = getRunningLoop().createFuture();
    Server server = await(startServer((r, w) -> upperAndRecordSni(r, w, sni), "127.0.0.1", 0,
        tlsServer()));
    Process p = TlsCerts.start(TlsCerts.OPENSSL, "s_client", "-connect",
        "127.0.0.1:" + port(server), "-servername", "localhost", "-CAfile", "cert.pem",
        "-verify_return_error", "-quiet");
    try {
      Output out = new Output(p, false);
      try (OutputStream in = p.getOutputStream()) {
        in.write(b("hello weft\n"));
      }
      // -quiet ignores the end of its input: s_client ends when the server closes
      String log = await(waitFor(wrapFuture(out.all), 20));
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), log);
      assertEquals(0, p.exitValue(), log);
      assertTrue(log.contains("verify return:1"), log);
      assertTrue(log.contains("HELLO WEFT\n"), log);
      assertEquals("localhost", await(waitFor(sni, 10)), "the SNI the server received");
    } finally {
      kill(p);
    }
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /**
   * test_ssl.py test_create_server_ssl_1 with a client Weft did not write: {@code openssl
   * s_client} verifies the Weft server's certificate, sends SNI and a line, and gets it back
   * upper-cased before the server's close_notify ends it.
   */
  @Test
  void opensslSClientTalksToAWeftServer() throws Exception {
    run(opensslClientAgainstWeft());
  }

  // ------------------------------------------------------------------ JDK sockets, TLS 1.2

  /** A blocking TLS 1.2 client: sends a line, reads the answer, closes. Runs on a thread. */
  static String tls12Client(int port) throws IOException {
    try (SSLSocket socket = (SSLSocket) TlsCerts.clientContext().getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(params);
      socket.getOutputStream().write(b("tls one two\n"));
      socket.getOutputStream().flush();
      BufferedReader r = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String answer = r.readLine();
      String after = r.readLine(); // null: the server's close_notify
      return answer + "|" + after + "|" + socket.getSession().getProtocol();
    }
  }

  @Coroutine
  static Coro<Void> jdkTls12ClientAgainstWeft() {
    List<Map<String, Object>> messages = recordErrors();
    Future<String> sni = getRunningLoop().createFuture();
    Server server = await(startServer((r, w) -> upperAndRecordSni(r, w, sni), "127.0.0.1", 0,
        tlsServer()));
    int port = port(server);
    String got = await(waitFor(toThread(() -> tls12Client(port)), 20));
    assertEquals("TLS ONE TWO|null|TLSv1.2", got);
    server.close();
    await(waitFor(server.waitClosed(), 10));
    assertEquals(List.of(), messages);
    return done();
  }

  /** A Weft server and the JDK's blocking SSLSocket as a TLS 1.2 client. */
  @Test
  void aJdkSslSocketTalksTls12ToAWeftServer() {
    run(jdkTls12ClientAgainstWeft());
  }

  /** A blocking TLS 1.2 echo server for one connection: echoes lines until the client closes. */
  static String tls12Server(SSLServerSocket listener) throws IOException {
    try (listener; SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.setSoTimeout(10_000);
      BufferedReader r = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream w = socket.getOutputStream();
      int lines = 0;
      for (String line; (line = r.readLine()) != null; lines++) {
        w.write(b(line + "\n"));
        w.flush();
      }
      return lines + " lines, " + socket.getSession().getProtocol();
    }
  }

  @Coroutine
  static Coro<Void> weftClientAgainstJdkTls12Server() throws Exception {
    List<Map<String, Object>> messages = recordErrors();
    SSLServerSocket listener = (SSLServerSocket) TlsCerts.serverContext()
        .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    listener.setEnabledProtocols(new String[] {"TLSv1.2"});
    listener.setSoTimeout(20_000);
    int port = listener.getLocalPort();
    Future<String> served = toThread(() -> tls12Server(listener));
    try {
      Streams s = await(waitFor(openConnection("127.0.0.1", port, tlsClient()), 10));
      assertEquals("TLSv1.2", ((CipherInfo) s.writer().getExtraInfo("cipher")).protocol());
      assertEquals(new InetSocketAddress("127.0.0.1", port), s.writer().getExtraInfo("peername"));
      for (int i = 0; i < 3; i++) {
        s.writer().write(b("line " + i + "\n"));
        assertEquals("line " + i + "\n", s(await(waitFor(s.reader().readline(), 10))));
      }
      s.writer().close(); // close_notify in TLS 1.2: the JDK server reads EOF, answers, closes
      await(waitFor(s.writer().waitClosed(), 10));
      assertEquals("3 lines, TLSv1.2", await(waitFor(served, 20)));
    } finally {
      listener.close();
    }
    assertEquals(List.of(), messages);
    return done();
  }

  /** A Weft client and the JDK's blocking SSLServerSocket, held to TLS 1.2. */
  @Test
  void aWeftClientTalksTls12ToAJdkSslServerSocket() throws Exception {
    run(weftClientAgainstJdkTls12Server());
  }
}
