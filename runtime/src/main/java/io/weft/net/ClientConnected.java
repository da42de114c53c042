package io.weft.net;

import io.weft.Coro;

/**
 * What {@link io.weft.Asyncio#startServer} calls for each connection: Python's {@code
 * client_connected_cb(reader, writer)}, which may be a coroutine function or a plain function.
 *
 * <p>An async lambda (one that awaits or returns {@code done(...)}) or a method reference to a
 * {@code @Coroutine} method returns a coroutine: the server runs it in a new task, and when that
 * task fails its exception goes to the loop's exception handler ("Unhandled exception in
 * client_connected_cb") and the connection is closed; when it is cancelled the connection is
 * closed. A plain callback returns null.
 *
 * <pre>{@code
 * Server server = await(startServer((reader, writer) -> {   // an async lambda
 *     byte[] line = await(reader.readline());
 *     writer.write(line);
 *     await(writer.drain());
 *     writer.close();
 *     return done();
 * }, "127.0.0.1", 8888));
 * }</pre>
 */
@FunctionalInterface
public interface ClientConnected {

  /**
   * Handles a new connection. Called on the loop's thread from the protocol's {@code
   * connectionMade}.
   *
   * @param reader the connection's reader
   * @param writer the connection's writer
   * @return a coroutine to run as a task, or null
   */
  Coro<?> clientConnected(StreamReader reader, StreamWriter writer);
}
