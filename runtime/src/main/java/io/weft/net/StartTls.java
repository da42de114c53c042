package io.weft.net;

import io.weft.EventLoop;
import io.weft.Future;
import io.weft.Handle;
import io.weft.internal.CoroFrame;
import io.weft.internal.Frame;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The coroutine of {@link EventLoop#startTls}: Python's {@code base_events.start_tls}.
 *
 * <pre>
 *  label 0  make the TLS protocol; pause the transport, give it the TLS protocol, schedule
 *           connectionMade (starts the handshake) and the resume; await the handshake
 *  label 1  return the TLS transport; failed or cancelled: close the transport, re-raise
 * </pre>
 */
final class StartTls extends CoroFrame {
  private final EventLoop loop;
  private final Transport transport;
  private final Protocol protocol;
  private final SSLContext context;
  private final boolean serverSide;
  private final String serverHostname;
  private final double handshakeTimeout;
  private final double shutdownTimeout;
  private SslProtocol ssl;
  private Handle connectionMade;
  private Handle resume;

  StartTls(EventLoop loop, Transport transport, Protocol protocol, SSLContext context,
      boolean serverSide, String serverHostname, double handshakeTimeout,
      double shutdownTimeout) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.transport = Objects.requireNonNull(transport, "startTls() transport");
    this.protocol = Objects.requireNonNull(protocol, "startTls() protocol");
    this.context = Objects.requireNonNull(context,
        "startTls() sslContext: give an initialized javax.net.ssl.SSLContext");
    ConnectionOptions.checkTimeout("sslHandshakeTimeout", handshakeTimeout);
    ConnectionOptions.checkTimeout("sslShutdownTimeout", shutdownTimeout);
    this.serverSide = serverSide;
    this.serverHostname = serverHostname;
    this.handshakeTimeout = handshakeTimeout;
    this.shutdownTimeout = shutdownTimeout;
  }

  @Override
  protected Object resume() {
    switch (label) {
      case 0:
        resumeValue();
        if (transport.isClosing()) {
          throw new IllegalStateException("startTls(): the transport " + transport
              + " is closing: upgrade a connection that is still open");
        }
        Future<Void> waiter = loop.createFuture();
        SslProtocol p = new SslProtocol(loop, protocol, context, waiter, serverSide,
            serverHostname, -1, handshakeTimeout, shutdownTimeout, false);
        ssl = p;
        // pause first, so that no data reaches the TLS protocol before its connectionMade
        transport.pauseReading();
        transport.setProtocol(p);
        Transport t = transport;
        connectionMade = loop.callSoon(() -> p.connectionMade(t));
        resume = loop.callSoon(t::resumeReading);
        value = waiter;
        label = 1;
        return Frame.AWAIT;
      case 1:
        try {
          resumeValue();
        } catch (Throwable e) {
          transport.close();
          connectionMade.cancel();
          resume.cancel();
          throw e;
        }
        return ssl.appTransport();
      default:
        throw new IllegalStateException("startTls() resumed at unknown label " + label);
    }
  }
}
