package io.weft.net;

/**
 * A connection's transport and protocol, as {@link io.weft.EventLoop#createConnection} returns
 * them: Python's {@code (transport, protocol)} tuple.
 *
 * @param transport the transport. Not null.
 * @param protocol the protocol the factory made. Not null.
 * @param <P> the protocol's type
 */
public record TransportProtocol<P extends Protocol>(Transport transport, P protocol) {}
