package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** Sets up each accepted client connection: a session, the startup timer, and the startup handlers. */
public final class FrontendInitializer extends ChannelInitializer<Channel> {
    private final ProxyContext context;

    public FrontendInitializer(ProxyContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel ch) {
        SessionRegistry registry = context.registry();
        registry.connectionOpened();
        Session session = new Session(registry.nextId(), ch, context);
        if (context.clientTls() != null) {
            ch.pipeline().addLast("direct-tls", new DirectTlsSniffer(session));
        }
        ch.pipeline().addLast("startup", new FrontendStartup(session));
        session.armStartupTimer(context.config().limits().startupTimeout().toMillis());
    }
}
