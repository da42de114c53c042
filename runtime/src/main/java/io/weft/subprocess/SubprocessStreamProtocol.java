package io.weft.subprocess;

import io.weft.EventLoop;
import io.weft.Future;
import io.weft.net.FlowControlMixin;
import io.weft.net.StreamReader;
import io.weft.net.StreamWriter;
import io.weft.net.Transport;

/**
 * The streams of a child: Python's {@code asyncio.subprocess.SubprocessStreamProtocol}, "like
 * {@code StreamReaderProtocol}, but for a subprocess". It makes a {@link StreamReader} for each
 * piped output and a {@link StreamWriter} for a piped stdin, feeds the readers, and tracks the
 * stdin writer's flow control (the {@link FlowControlMixin} part) and its close.
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
final class SubprocessStreamProtocol extends FlowControlMixin {
  private final int limit;
  private final EventLoop loop;
  StreamWriter stdin;
  StreamReader stdout;
  StreamReader stderr;

  /** Python's {@code _stdin_closed}: what {@code stdin.waitClosed()} awaits. */
  private final Future<Void> stdinClosed;

  SubprocessStreamProtocol(int limit, EventLoop loop) {
    this.limit = limit;
    this.loop = loop;
    this.stdinClosed = loop.createFuture();
  }

  /** Python's {@code connection_made(transport)}: one stream per pipe. */
  void connectionMade(ProcessTransport transport) {
    ReadPipeTransport out = (ReadPipeTransport) transport.pipeTransport(1);
    if (out != null) {
      stdout = new StreamReader(limit);
      stdout.setTransport(out);
    }
    ReadPipeTransport err = (ReadPipeTransport) transport.pipeTransport(2);
    if (err != null) {
      stderr = new StreamReader(limit);
      stderr.setTransport(err);
    }
    WritePipeTransport in = (WritePipeTransport) transport.pipeTransport(0);
    if (in != null) {
      stdin = new StreamWriter(in, this, null, loop);
    }
  }

  /** Not used: a subprocess is made by {@link #connectionMade(ProcessTransport)}. */
  @Override
  public void connectionMade(Transport transport) {}

  void pipeDataReceived(int fd, byte[] data) {
    StreamReader r = fd == 1 ? stdout : fd == 2 ? stderr : null;
    if (r != null) {
      r.feedData(data);
    }
  }

  /**
   * Python's {@code pipe_connection_lost(fd, exc)}: stdin's end wakes the drains (with {@code
   * exc}) and completes the close waiter; an output's end is its reader's EOF, or error.
   */
  void pipeConnectionLost(int fd, Throwable exc) {
    if (fd == 0) {
      if (stdin != null) {
        stdin.close();
      }
      connectionLost(exc);
      if (exc == null) {
        stdinClosed.setResult(null);
      } else {
        stdinClosed.setException(exc);
        // the error reaches drain() and waitClosed(); nobody need read it from here
        stdinClosed.exception();
      }
      return;
    }
    StreamReader r = fd == 1 ? stdout : fd == 2 ? stderr : null;
    if (r != null) {
      if (exc == null) {
        r.feedEof();
      } else {
        r.setException(exc);
      }
    }
  }

  /** Python's {@code process_exited()}: nothing to do here; the transport tracks the end. */
  void processExited() {}

  @Override
  protected Future<Void> getCloseWaiter(StreamWriter stream) {
    return stdinClosed;
  }

  /** Returns {@code <SubprocessStreamProtocol stdin=... stdout=... stderr=...>}, as Python. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("<SubprocessStreamProtocol");
    if (stdin != null) {
      s.append(" stdin=").append(stdin);
    }
    if (stdout != null) {
      s.append(" stdout=").append(stdout);
    }
    if (stderr != null) {
      s.append(" stderr=").append(stderr);
    }
    return s.append('>').toString();
  }
}
