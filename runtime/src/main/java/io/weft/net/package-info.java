/**
 * Networking for tasks on one event loop: Python's {@code asyncio.transports}, {@code
 * asyncio.protocols}, {@code asyncio.streams} and the TCP half of {@code selector_events}.
 *
 * <p>Two layers, as in asyncio. The low one is callbacks: a {@link io.weft.net.Transport} owns a
 * non-blocking socket and calls its {@link io.weft.net.Protocol} when bytes arrive, when the peer
 * ends its side and when the connection is lost; {@link io.weft.EventLoop#createConnection} and
 * {@link io.weft.EventLoop#createServer} make them. The high one is coroutines: a {@link
 * io.weft.net.StreamReader} to await bytes and lines from, a {@link io.weft.net.StreamWriter} to
 * write to and {@link io.weft.net.StreamWriter#drain() drain}, made by {@link
 * io.weft.Asyncio#openConnection} and {@link io.weft.Asyncio#startServer}.
 *
 * <p><b>Exceptions.</b> What Python raises as {@code OSError} subclasses arrives here as the
 * {@code java.io} / {@code java.net} exception a Java programmer expects: {@code
 * ConnectionRefusedError} is {@link java.net.ConnectException}, {@code socket.gaierror} is {@link
 * java.net.UnknownHostException}, a failed bind is {@link java.net.BindException}, {@code
 * ConnectionResetError} and {@code BrokenPipeError} are this package's {@link
 * io.weft.net.ConnectionResetError} and {@link io.weft.net.BrokenPipeError}, both {@link
 * java.net.SocketException}s (Python's {@code ConnectionError}). They are checked exceptions
 * raised through {@code await}, which declares none: catch them as {@code Exception} (see
 * docs/streams.md).
 *
 * <p><b>Threads.</b> Nothing here is thread-safe, as in asyncio: use transports, servers and
 * streams on their loop's thread only.
 */
package io.weft.net;
