/**
 * Networking for tasks on one event loop: Python's {@code asyncio.transports}, {@code
 * asyncio.protocols}, {@code asyncio.streams}, {@code selector_events} and {@code unix_events}.
 *
 * <p>Two layers, as in asyncio. The low one is callbacks: a {@link io.weft.net.Transport} owns a
 * non-blocking socket and calls its {@link io.weft.net.Protocol} when bytes arrive, when the peer
 * ends its side and when the connection is lost; {@link io.weft.EventLoop#createConnection} and
 * {@link io.weft.EventLoop#createServer} make them. The high one is coroutines: a {@link
 * io.weft.net.StreamReader} to await bytes and lines from, a {@link io.weft.net.StreamWriter} to
 * write to and {@link io.weft.net.StreamWriter#drain() drain}, made by {@link
 * io.weft.Asyncio#openConnection} and {@link io.weft.Asyncio#startServer}.
 *
 * <p>The same transports and streams work over Unix-domain sockets ({@link
 * io.weft.EventLoop#createUnixConnection}, {@link io.weft.Asyncio#openUnixConnection}, ...).
 * Datagrams (UDP) have their own pair: {@link io.weft.net.DatagramTransport} and {@link
 * io.weft.net.DatagramProtocol}, made by {@link io.weft.EventLoop#createDatagramEndpoint}. And a
 * coroutine may drive a raw non-blocking channel with the loop's {@code sock*} methods ({@link
 * io.weft.EventLoop#sockRecv}, ...). See docs/sockets.md.
 *
 * <p><b>Exceptions.</b> I/O errors are raised under their Python names, as unchecked classes
 * that a {@code catch} can name around an {@code await}: {@link io.weft.OSError} and, below it,
 * {@link io.weft.ConnectionError} ({@link io.weft.ConnectionRefusedError}, {@link
 * io.weft.ConnectionResetError}, {@link io.weft.ConnectionAbortedError}, {@link
 * io.weft.BrokenPipeError}) in {@code io.weft}, as Python's are built-ins, and {@link
 * io.weft.net.GaiError} ({@code socket.gaierror}) here. The JDK's own exception is the cause of
 * each; docs/streams.md has the table.
 *
 * <p><b>Threads.</b> Nothing here is thread-safe, as in asyncio: use transports, servers and
 * streams on their loop's thread only.
 */
package io.weft.net;
