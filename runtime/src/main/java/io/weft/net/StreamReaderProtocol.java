package io.weft.net;

import io.weft.Asyncio;
import io.weft.Coro;
import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Task;
import java.nio.ByteBuffer;

/**
 * The protocol that feeds a {@link StreamReader} and serves a {@link StreamWriter}: Python's
 * {@code asyncio.StreamReaderProtocol}. Data goes to {@link StreamReader#feedData}, the peer's
 * EOF to {@link StreamReader#feedEof()} (keeping the connection half-open so the writer can
 * still write), a lost connection to {@code feedEof()} or {@link StreamReader#setException}.
 *
 * <p>With a {@link ClientConnected} callback (a server's protocol), {@code connectionMade} makes
 * the {@link StreamWriter} and calls it; a coroutine it returns runs in a new task, whose failure
 * is reported and closes the connection (Python 3.12+).
 *
 * <p><b>Thread:</b> the loop's thread only.
 */
public class StreamReaderProtocol extends FlowControlMixin {
  private StreamReader reader;
  private final ClientConnected clientConnected;
  private EventLoop loop;
  private Transport transport;
  private boolean overSsl;
  private StreamWriter writer;
  private Task<?> task;

  /** Python's {@code _closed}: completed by connectionLost; made on first need. */
  private Future<Void> closed;

  /**
   * Creates the protocol of a client connection. Python's {@code StreamReaderProtocol(reader)}.
   *
   * @param reader the reader to feed, or null to drop what arrives
   */
  public StreamReaderProtocol(StreamReader reader) {
    this(reader, null);
  }

  /**
   * Creates the protocol of a server connection. Python's {@code StreamReaderProtocol(reader,
   * client_connected_cb)}.
   *
   * @param reader the reader to feed, or null to drop what arrives
   * @param clientConnected called with the reader and a new writer once connected, or null
   */
  public StreamReaderProtocol(StreamReader reader, ClientConnected clientConnected) {
    this.reader = reader;
    this.clientConnected = clientConnected;
    this.loop = runningLoopOrNull();
  }

  private static EventLoop runningLoopOrNull() {
    try {
      return Asyncio.getRunningLoop();
    } catch (IllegalStateException none) {
      return null; // made outside a loop: bound at connectionMade
    }
  }

  private EventLoop loop() {
    if (loop == null) {
      loop = Asyncio.getRunningLoop();
    }
    return loop;
  }

  /**
   * Gives the reader its transport, and for a server, makes the writer and calls the callback.
   * Python's {@code connection_made(transport)}.
   *
   * @param transport the transport
   */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    overSsl = transport.getExtraInfo("sslcontext") != null;
    EventLoop l = loop();
    if (reader != null) {
      reader.setTransport(transport);
    }
    if (clientConnected == null) {
      return;
    }
    writer = new StreamWriter(transport, this, reader, l);
    Coro<?> res = clientConnected.clientConnected(reader, writer);
    if (res != null) {
      Task<?> t = l.createTask(res);
      task = t;
      Transport tr = transport;
      t.addDoneCallback(done -> {
        if (done.cancelled()) {
          tr.close();
          return;
        }
        Throwable exc = done.exception();
        if (exc != null) {
          NetErrors.report(l, "Unhandled exception in client_connected_cb", exc,
              "transport", tr);
          tr.close();
        }
      });
    }
  }

  /**
   * Ends the reader (EOF, or {@code exc}), completes the close waiter and wakes the drains.
   * Python's {@code connection_lost(exc)}.
   *
   * @param exc the error that ended the connection, or null
   */
  @Override
  public void connectionLost(Throwable exc) {
    StreamReader r = reader;
    if (r != null) {
      if (exc == null) {
        r.feedEof();
      } else {
        r.setException(exc);
      }
    }
    Future<Void> c = closeWaiter();
    if (!c.done()) {
      if (exc == null) {
        c.setResult(null);
      } else {
        c.setException(exc);
        // Python's __del__ retrieves it: an error nobody awaits through waitClosed() is the
        // connection's, already delivered to the reader; it must not be logged as lost
        c.exception();
      }
    }
    super.connectionLost(exc);
    reader = null;
    writer = null;
    task = null;
    transport = null;
  }

  /**
   * Feeds the bytes to the reader. Python's {@code data_received(data)}.
   *
   * @param data the bytes
   */
  @Override
  public void dataReceived(ByteBuffer data) {
    StreamReader r = reader;
    if (r != null) {
      r.feedData(data);
    }
  }

  /**
   * Feeds the EOF to the reader and keeps the connection half-open, so that the writer can
   * still write: the connection closes when the writer closes it. Python's {@code
   * eof_received()}. Over TLS there is no half-open connection (the peer's close_notify ends
   * both directions), so it returns false there, as Python's does.
   *
   * @return true, or false over TLS
   */
  @Override
  public boolean eofReceived() {
    StreamReader r = reader;
    if (r != null) {
      r.feedEof();
    }
    return !overSsl;
  }

  /** Whether this protocol serves a server's connection: {@code startTls} is then server-side. */
  boolean hasClientConnectedCallback() {
    return clientConnected != null;
  }

  /**
   * The connection now runs over {@code transport} (after {@link StreamWriter#startTls}).
   * Python's {@code _replace_transport}.
   */
  void replaceTransport(Transport transport) {
    this.transport = transport;
    overSsl = transport.getExtraInfo("sslcontext") != null;
    StreamReader r = reader;
    if (r != null) {
      r.replaceTransport(transport);
    }
  }

  @Override
  protected Future<Void> getCloseWaiter(StreamWriter stream) {
    return closeWaiter();
  }

  private Future<Void> closeWaiter() {
    Future<Void> c = closed;
    if (c == null) {
      c = closed = loop().createFuture();
    }
    return c;
  }

  /** Returns {@code <StreamReaderProtocol transport=...>}. */
  @Override
  public String toString() {
    return "<StreamReaderProtocol transport=" + transport + ">";
  }
}
