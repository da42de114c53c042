package io.weft.examples.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.examples.Clients;
import io.weft.examples.LineClient;
import io.weft.examples.ServerThread;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat server on 127.0.0.1, with plain blocking sockets as clients, and one python3. */
class ChatServerTest {

  /** Carol, in Python: joins after alice and bob, reads bob's greeting, says bye and quits. */
  private static final String CAROL =
      """
      import socket, sys
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
      f = s.makefile("rb")
      def read():
          return f.readline().decode().rstrip("\\n")
      print(read())
      s.sendall(b"carol\\n")
      print(read())
      print(read())
      s.sendall(b"bye all\\n/quit\\n")
      print(read())
      print(repr(f.read()))
      """;

  private static List<String> masked(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:#")).toList();
  }

  @Test
  void linesGoToEveryOtherClientWithTheSendersNickname() throws Exception {
    try (ServerThread server = ServerThread.start(ChatServer.main("127.0.0.1", 0, 3))) {
      int port = server.port();
      try (LineClient alice = new LineClient(port);
          LineClient bob = new LineClient(port)) {
        assertEquals("Hello alice! Nobody else is here yet.", alice.join("alice"));
        assertEquals("Sorry, alice is taken. Another one?", bob.join("alice"));
        bob.send("bob");
        assertEquals("Hello bob! Here: alice", bob.read());
        assertEquals("* bob joined", alice.read());
        alice.send("hi bob");
        assertEquals("alice: hi bob", bob.read());

        CompletableFuture<Clients.Output> carol =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return Clients.python(CAROL, Integer.toString(port));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        assertEquals("* carol joined", alice.read());
        assertEquals("* carol joined", bob.read());
        bob.send("hello carol");
        assertEquals(
            List.of(
                "Welcome! What is your nickname?",
                "Hello carol! Here: alice, bob",
                "bob: hello carol",
                "Bye!",
                "b''"),
            carol.get(60, TimeUnit.SECONDS).lines());
        assertEquals("bob: hello carol", alice.read());
        assertEquals("carol: bye all", alice.read());
        assertEquals("* carol left", alice.read());
        assertEquals("carol: bye all", bob.read());
        assertEquals("* carol left", bob.read());

        alice.close();
        assertEquals("* alice left", bob.read());
      }
      assertEquals(
          List.of(
              "Serving on 127.0.0.1:#",
              "alice joined from 127.0.0.1:#",
              "bob joined from 127.0.0.1:#",
              "carol joined from 127.0.0.1:#",
              "carol left",
              "alice left",
              "bob left"),
          masked(server.join()));
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffInsteadOfBufferedWithoutBound() throws Exception {
    try (ServerThread server = ServerThread.start(ChatServer.main("127.0.0.1", 0, 2))) {
      int port = server.port();
      try (LineClient alice = new LineClient(port);
          LineClient sleeper = new LineClient(port, 4096)) {
        alice.join("alice");
        assertEquals("Hello sleeper! Here: alice", sleeper.join("sleeper"));
        assertEquals("* sleeper joined", alice.read());
        // sleeper reads no more: 16 MiB of lines fill the socket buffers, then the server's
        String line = "x".repeat(1023);
        for (int i = 0; i < 16 * 1024 && !server.lines().contains("sleeper left"); i++) {
          alice.send(line);
        }
        assertEquals("* sleeper left", alice.read());
      }
      List<String> lines = server.join();
      assertEquals("sleeper left", lines.get(3), lines.toString());
    }
  }
}
