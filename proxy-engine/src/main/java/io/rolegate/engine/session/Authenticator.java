package io.rolegate.engine.session;

import io.netty.channel.ChannelHandlerContext;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;

/**
 * How a session gets from a StartupMessage to ReadyForQuery. Passthrough relays the client's exchange with the
 * server; directory mode authenticates against LDAP and logs in upstream as a managed role. Either way it ends in
 * {@link UpstreamStartup} (which hands the client a proxy-issued cancel key and starts the relay) or in
 * {@link Session#terminate}.
 */
public interface Authenticator {
    /**
     * Called on the event loop right after the StartupMessage. {@code startupHandler} is the context of the
     * handler that read it, which is removed after this returns (its leftover bytes flow to whatever handler this
     * method added after it).
     */
    void begin(Session session, StartupMessage startup, ChannelHandlerContext startupHandler);
}
