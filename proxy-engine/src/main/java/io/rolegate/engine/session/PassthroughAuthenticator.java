package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;

/**
 * Relays the authentication exchange between client and server untouched (cleartext, md5, SCRAM-SHA-256), except
 * that SCRAM-SHA-256-PLUS is withdrawn from the server's offer (see {@link UpstreamStartup}).
 */
final class PassthroughAuthenticator implements Authenticator {

    @Override
    public void begin(Session session, StartupMessage startup, ChannelHandlerContext startupHandler) {
        Channel client = session.client();
        startupHandler.pipeline().addAfter(startupHandler.name(), "relay", RelayHandler.fromClient(session));
        // Nothing to read until the server asks for a password; don't buffer what a client might pipeline.
        client.config().setAutoRead(false);
        session.transition(SessionState.CONNECTING);
        session.context().upstream().connect(client.eventLoop()).addListener(f -> {
            if (!f.isSuccess()) {
                session.terminate(DisconnectReason.UPSTREAM_UNREACHABLE, f.cause().getMessage());
                return;
            }
            Channel upstream = (Channel) f.getNow();
            if (!session.attachUpstream(upstream)) {
                upstream.close();
                return;
            }
            UpstreamStartup.install(session, upstream);
            session.transition(SessionState.AUTHENTICATING);
            upstream.write(FrontendMessages.startupMessage(upstream.alloc(), startup.parameters()));
            RelayHandler relay = client.pipeline().get(RelayHandler.class);
            relay.flushQueued(upstream);
            upstream.flush();
            client.config().setAutoRead(true);
        });
    }
}
