package io.weft.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.examples.Clients;
import io.weft.examples.ServerThread;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The echo server on 127.0.0.1, talked to by python3's {@code socket}. */
class EchoServerTest {

  /** Sends two lines, reading each echo, then ends its side and reads to EOF. */
  private static final String TWO_LINES =
      """
      import socket, sys
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
      f = s.makefile("rb")
      for word in ("hello", "world"):
          s.sendall(word.encode() + b"\\n")
          print(f.readline().decode().rstrip())
      s.shutdown(socket.SHUT_WR)
      print(repr(f.read()))
      s.close()
      """;

  /** Three connections open at once, their lines interleaved. */
  private static final String THREE_AT_ONCE =
      """
      import socket, sys
      port = int(sys.argv[1])
      socks = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(3)]
      files = [s.makefile("rb") for s in socks]
      for n in range(2):
          for i, s in enumerate(socks):
              s.sendall(f"client {i} line {n}\\n".encode())
          for f in files:
              print(f.readline().decode().rstrip())
      for s in socks:
          s.close()
      """;

  /** One connection reset (SO_LINGER 0), then one that echoes. */
  private static final String RESET_THEN_ECHO =
      """
      import socket, struct, sys
      port = int(sys.argv[1])
      s = socket.create_connection(("127.0.0.1", port), timeout=30)
      f = s.makefile("rb")
      s.sendall(b"before the reset\\n")
      print(f.readline().decode().rstrip())
      s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
      s.close()
      s = socket.create_connection(("127.0.0.1", port), timeout=30)
      s.sendall(b"still serving\\n")
      print(s.makefile("rb").readline().decode().rstrip())
      s.close()
      """;

  private static final Pattern PEER = Pattern.compile("127\\.0\\.0\\.1:\\d+");

  /** The server's lines with each client's port replaced by {@code #}. */
  private static List<String> masked(List<String> lines) {
    return lines.stream().map(l -> PEER.matcher(l).replaceAll("127.0.0.1:#")).toList();
  }

  @Test
  void echoesEveryLineBackToAPythonClient() throws Exception {
    try (ServerThread server = ServerThread.start(EchoServer.main("127.0.0.1", 0, 1))) {
      Clients.Output client = Clients.python(TWO_LINES, Integer.toString(server.port()));
      assertEquals(List.of("hello", "world", "b''"), client.lines());
      assertEquals(
          List.of(
              "Serving on 127.0.0.1:#",
              "Connection from 127.0.0.1:#",
              "Received \"hello\" from 127.0.0.1:#",
              "Received \"world\" from 127.0.0.1:#",
              "Close the connection to 127.0.0.1:#"),
          masked(server.join()));
    }
  }

  @Test
  void servesThreeClientsAtOnceEachItsOwnLines() throws Exception {
    try (ServerThread server = ServerThread.start(EchoServer.main("127.0.0.1", 0, 3))) {
      Clients.Output client = Clients.python(THREE_AT_ONCE, Integer.toString(server.port()));
      assertEquals(
          List.of(
              "client 0 line 0",
              "client 1 line 0",
              "client 2 line 0",
              "client 0 line 1",
              "client 1 line 1",
              "client 2 line 1"),
          client.lines());
      List<String> lines = server.join();
      assertEquals(3, lines.stream().filter(l -> l.startsWith("Connection from ")).count());
      assertEquals(6, lines.stream().filter(l -> l.startsWith("Received ")).count());
      assertEquals(3, lines.stream().filter(l -> l.startsWith("Close the connection")).count());
    }
  }

  @Test
  void aResetConnectionEndsItsHandlerAndTheServerGoesOn() throws Exception {
    try (ServerThread server = ServerThread.start(EchoServer.main("127.0.0.1", 0, 2))) {
      Clients.Output client = Clients.python(RESET_THEN_ECHO, Integer.toString(server.port()));
      assertEquals(List.of("before the reset", "still serving"), client.lines());
      List<String> lines = masked(server.join());
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("Lost the connection to 127.0.0.1:#: ")),
          "the reset is reported: " + lines);
      assertTrue(lines.contains("Received \"still serving\" from 127.0.0.1:#"), lines.toString());
    }
  }

  /** Sends 4 MiB on one thread while reading them back on another. */
  private static final String A_LOT =
      """
      import socket, sys, threading
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
      data = bytes(range(256)) * (16 * 1024)
      sender = threading.Thread(target=lambda: (s.sendall(data), s.shutdown(socket.SHUT_WR)))
      sender.start()
      back = bytearray()
      while chunk := s.recv(65536):
          back += chunk
      sender.join()
      print(len(back), back == data)
      """;

  @Test
  void theProtocolVersionEchoesTheSame() throws Exception {
    try (ServerThread server = ServerThread.start(EchoServer.main("127.0.0.1", 0, 1, true))) {
      Clients.Output client = Clients.python(TWO_LINES, Integer.toString(server.port()));
      assertEquals(List.of("hello", "world", "b''"), client.lines());
      assertEquals(
          List.of(
              "Serving on 127.0.0.1:#",
              "Connection from 127.0.0.1:#",
              "Close the connection to 127.0.0.1:#"),
          masked(server.join()));
    }
  }

  @Test
  void bothVersionsEchoFourMegabytesSentWithoutWaiting() throws Exception {
    for (boolean protocol : new boolean[] {false, true}) {
      try (ServerThread server =
          ServerThread.start(EchoServer.main("127.0.0.1", 0, 1, protocol))) {
        Clients.Output client = Clients.python(A_LOT, Integer.toString(server.port()));
        assertEquals("4194304 True", client.stdout().strip(), "protocol " + protocol);
        server.join();
      }
    }
  }
}
