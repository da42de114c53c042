package io.weft.net;

/**
 * A datagram endpoint's transport and protocol, as {@link
 * io.weft.EventLoop#createDatagramEndpoint} returns them: Python's {@code (transport, protocol)}
 * tuple.
 *
 * @param transport the transport. Not null.
 * @param protocol the protocol the factory made. Not null.
 * @param <P> the protocol's type
 */
public record DatagramTransportProtocol<P extends DatagramProtocol>(DatagramTransport transport,
    P protocol) {}
