package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.rolegate.engine.config.LimitsConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Sets up each accepted client connection: a session, the startup handlers, and the startup timer — or, when the
 * client's address already has {@code limits.maxPendingPerSource} connections logging in, a 53300 refusal at once,
 * before a byte is read.
 */
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
        LimitsConfig limits = context.limits();
        InetAddress source = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (source != null) {
            if (!registry.pendingConnections().tryAdd(source, limits.maxPendingPerSource())) {
                session.terminate(DisconnectReason.TOO_MANY_PENDING, "rolegate: too many pending connections from "
                        + source.getHostAddress() + " (at most " + limits.maxPendingPerSource()
                        + " connections from one address may be logging in at once); try again later");
                return;
            }
            session.pendingFrom(source);
        }
        session.armStartupTimer(limits.startupTimeout().toMillis());
    }
}
