package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;

/**
 * Relays the authentication exchange between client and server untouched (cleartext, md5, SCRAM-SHA-256), except
 * that SCRAM-SHA-256-PLUS is withdrawn from the server's offer (see {@link UpstreamStartup}).
 */
final class PassthroughAuthenticator implements Authenticator {

    @Override
    public void begin(Session session, StartupMessage startup, ChannelHandlerContext startupHandler) {
        Channel client = session.client();
        session.relays().install(client);
        // Nothing to read until the server asks for a password; don't buffer what a client might pipeline.
        client.config().setAutoRead(false);
        UpstreamAttempt.start(session, startup.parameters(), null);
    }
}
