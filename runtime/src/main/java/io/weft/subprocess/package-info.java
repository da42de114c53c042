/**
 * Child processes for tasks on one event loop: Python's {@code asyncio.subprocess}.
 *
 * <p>{@link io.weft.Asyncio#createSubprocessExec} and {@link
 * io.weft.Asyncio#createSubprocessShell} start a child and return a {@link
 * io.weft.subprocess.Process}, whose {@link io.weft.subprocess.Redirect#PIPE piped} streams are
 * the {@link io.weft.net.StreamWriter} and {@link io.weft.net.StreamReader}s of {@code
 * io.weft.net}. {@link io.weft.subprocess.SubprocessOptions} holds Python's keyword arguments
 * ({@code stdin=}, {@code stdout=}, {@code stderr=}, {@code limit=}, {@code cwd=}, {@code env=}).
 *
 * <p>The JDK's pipes are blocking streams, so each one is served by a daemon thread that talks to
 * the loop through {@link io.weft.EventLoop#callSoonThreadsafe}, with flow control both ways; the
 * loop never blocks on a child. See docs/subprocess.md.
 *
 * <p><b>Threads.</b> Nothing here is thread-safe, as in asyncio: use a process and its streams
 * on their loop's thread only.
 */
package io.weft.subprocess;
