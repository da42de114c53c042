package io.weft.examples.net;

import static io.weft.Asyncio.await;
import static io.weft.Asyncio.done;
import static io.weft.Asyncio.startServer;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.Future;
import io.weft.net.Server;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat server for {@code nc}: each client picks a nickname, then every line it sends goes to
 * all the others, with its nickname in front; {@code /quit} (or closing) leaves. Connect with
 * {@code nc 127.0.0.1 8888} from several terminals. A client sees:
 *
 * <pre>
 * Welcome! What is your nickname?
 * bob
 * Hello bob! Here: alice
 * alice: hi bob
 * hi alice
 * * carol joined
 * /quit
 * Bye!
 * </pre>
 *
 * <p>and the server prints who comes and goes:
 *
 * <pre>
 * Serving on 127.0.0.1:8888
 * alice joined from 127.0.0.1:53422
 * bob joined from 127.0.0.1:53424
 * bob left
 * </pre>
 *
 * <p>In Python it would be the same few lines: a dict of writers, an {@code async for} over each
 * reader, a write to every other writer:
 *
 * <pre>
 * clients = {}
 *
 * async def handle_client(reader, writer):
 *     writer.write(b"Welcome! What is your nickname?\n")
 *     nick = (await reader.readline()).decode().strip()
 *     ...
 *     clients[nick] = writer
 *     broadcast(nick, f"* {nick} joined")
 *     try:
 *         async for line in reader:
 *             broadcast(nick, f"{nick}: {line.decode().rstrip()}")
 *     finally:
 *         del clients[nick]
 *         broadcast(nick, f"* {nick} left")
 *         writer.close()
 *
 * def broadcast(sender, message):
 *     for nick, writer in clients.items():
 *         if nick != sender:
 *             writer.write(f"{message}\n".encode())
 * </pre>
 *
 * <p>Everything runs on the loop's thread, so the map of clients needs no lock: between two
 * {@code await}s a handler has it to itself. {@code broadcast} writes without {@code drain}:
 * waiting for the slowest reader would hold back every sender. Instead, a client that does not
 * read is cut off once more than {@link #MAX_BACKLOG} bytes are waiting for it, so it cannot make
 * the server buffer without bound.
 *
 * <p>Arguments: {@code chat-server [PORT [CONNECTIONS]]}: port 8888 by default, 0 for one the
 * system chooses; with CONNECTIONS, the server closes after that many connections have ended,
 * otherwise it serves until Ctrl-C.
 */
public final class ChatServer {

  /** The most bytes waiting for one client before it is cut off. */
  static final int MAX_BACKLOG = 1 << 20;

  /** The clients that have a nickname, in the order they joined. Loop thread only. */
  private final Map<String, StreamWriter> clients = new LinkedHashMap<>();

  private final int connections;
  private final Future<Void> allServed;
  private int ended;

  private ChatServer(int connections) {
    this.connections = connections;
    this.allServed = Asyncio.getRunningLoop().createFuture();
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Asks for a nickname until the client gives one nobody has.
   *
   * @param reader the client's lines
   * @param writer where the questions go
   * @return the coroutine, whose result is the nickname, or null when the client left first
   */
  @Coroutine
  Coro<String> askNickname(StreamReader reader, StreamWriter writer) {
    writer.write(line("Welcome! What is your nickname?"));
    while (true) {
      byte[] answer = await(reader.readline());
      if (answer.length == 0) {
        return done(null); // EOF: gone before choosing
      }
      String nick = new String(answer, StandardCharsets.UTF_8).strip();
      if (nick.isEmpty() || nick.contains(" ") || nick.startsWith("*")) {
        writer.write(line("A nickname is one word. What is yours?"));
      } else if (clients.containsKey(nick)) {
        writer.write(line("Sorry, " + nick + " is taken. Another one?"));
      } else {
        return done(nick);
      }
    }
  }

  /**
   * Serves one client: its nickname, then its lines to everyone else.
   *
   * @param reader the client's lines
   * @param writer where the others' lines go
   * @return the coroutine
   */
  @Coroutine
  Coro<Void> handleClient(StreamReader reader, StreamWriter writer) {
    String addr = EchoServer.address(writer.getExtraInfo("peername"));
    String nick = null;
    try {
      nick = await(askNickname(reader, writer));
      if (nick == null) {
        return done();
      }
      List<String> others = new ArrayList<>(clients.keySet());
      clients.put(nick, writer);
      String here =
          others.isEmpty() ? "Nobody else is here yet." : "Here: " + String.join(", ", others);
      writer.write(line("Hello " + nick + "! " + here));
      System.out.println(nick + " joined from " + addr);
      broadcast(nick, "* " + nick + " joined");

      for (var it = reader; await(it.hasNext()); ) {
        String text = new String(it.next(), StandardCharsets.UTF_8).strip();
        if (text.equals("/quit")) {
          writer.write(line("Bye!"));
          break;
        }
        if (!text.isEmpty()) {
          broadcast(nick, nick + ": " + text);
        }
      }
    } catch (Exception e) { // the connection failed: a reset, a broken pipe
      System.out.println("Lost " + (nick != null ? nick : addr) + ": " + e);
    } finally {
      if (nick != null && clients.get(nick) == writer) {
        clients.remove(nick);
        System.out.println(nick + " left");
        broadcast(nick, "* " + nick + " left");
      }
      writer.close();
      connectionEnded();
    }
    return done();
  }

  /** Writes {@code message} to every client but {@code sender}; cuts off the ones far behind. */
  private void broadcast(String sender, String message) {
    byte[] bytes = line(message);
    for (Map.Entry<String, StreamWriter> client : clients.entrySet()) {
      StreamWriter writer = client.getValue();
      if (client.getKey().equals(sender) || writer.isClosing()) {
        continue;
      }
      if (writer.transport().getWriteBufferSize() > MAX_BACKLOG) {
        writer.transport().abort(); // not reading: its handler ends, and it leaves
        continue;
      }
      writer.write(bytes);
    }
  }

  private void connectionEnded() {
    ended++;
    if (ended == connections) {
      allServed.setResult(null);
    }
  }

  /**
   * Serves on {@code host}:{@code port} until {@code connections} connections have ended, or
   * for ever.
   *
   * @param host the address to listen on
   * @param port the port; 0 for one the system chooses
   * @param connections how many connections to serve; 0 for no end
   * @return the coroutine
   */
  @Coroutine
  static Coro<Void> main(String host, int port, int connections) {
    ChatServer chat = new ChatServer(connections);
    Server server = await(startServer(chat::handleClient, host, port));
    System.out.println("Serving on " + EchoServer.address(server.sockets().get(0).getsockname()));
    try {
      if (connections == 0) {
        await(server.serveForever());
      } else {
        await(chat.allServed);
      }
    } finally {
      server.close();
      await(server.waitClosed());
    }
    return done();
  }

  /**
   * Runs the server.
   *
   * @param args {@code [PORT [CONNECTIONS]]}
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Asyncio.run(main("127.0.0.1", port, connections));
  }
}
