package io.weft.conformance;

import static io.weft.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

import io.weft.Coro;
import io.weft.Coroutine;
import io.weft.EventLoop;
import io.weft.net.Server;
import io.weft.net.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's "unclosed transport" and "unclosed Server": what Python reports as a
 * ResourceWarning when the closed loop drops them, Weft reports when the loop closes, then closes
 * the sockets. Loopback only.
 */
class UnclosedResourcesTest {

  /** Opens a server and one connection to it, exchanges a line, and closes what it is told to. */
  @Coroutine
  static Coro<Void> connectAndLeave(boolean closeEverything) {
    Server server = await(startServer((reader, writer) -> null, "127.0.0.1", 0));
    int port = server.sockets().get(0).getsockname().getPort();
    Streams client = await(waitFor(openConnection("127.0.0.1", port), 10));
    client.writer().write("hello\n".getBytes(StandardCharsets.US_ASCII));
    await(client.writer().drain());
    if (closeEverything) {
      client.writer().close();
      await(waitFor(client.writer().waitClosed(), 10));
      server.close();
      server.closeClients();
      await(waitFor(server.waitClosed(), 10));
    }
    return done();
  }

  static List<Map<String, Object>> runAndClose(boolean closeEverything) {
    EventLoop loop = new EventLoop();
    loop.setDebug(true);
    List<Map<String, Object>> reported = new ArrayList<>();
    loop.setExceptionHandler((l, context) -> reported.add(context));
    loop.runUntilComplete(connectAndLeave(closeEverything));
    loop.close();
    return reported;
  }

  /** Python: ResourceWarning "unclosed transport" from _SelectorTransport.__del__, and Server. */
  @Test
  void aTransportAndAServerLeftOpenAreReportedWhenTheDebugLoopCloses() {
    List<Map<String, Object>> reported = runAndClose(false);
    List<String> kinds = new ArrayList<>();
    for (Map<String, Object> context : reported) {
      String message = (String) context.get("message");
      assertTrue(message.startsWith("unclosed "), message);
      assertTrue(message.endsWith("before the loop closes"), message);
      assertNotNull(context.get("source_traceback"), "where it was opened");
      kinds.add(message.startsWith("unclosed server") ? "server" : "transport");
    }
    kinds.sort(null);
    // the client's transport, the accepted connection's transport, the server
    assertEquals(List.of("server", "transport", "transport"), kinds, reported.toString());
  }

  @Test
  void nothingIsReportedWhenEverythingWasClosed() {
    assertEquals(List.of(), runAndClose(true));
  }
}
