package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Sets up each accepted client connection: a session, the startup handlers, and the startup timer — or, when the
 * client's address already has {@code limits.maxPendingPerSource} connections logging in, a 53300 refusal at once,
 * before a byte is read. A connection from a trusted load balancer ({@code listen.proxyProtocol}) first reads the
 * PROXY header; its client takes a pending slot once the header names it, within the same startup timeout.
 */
public final class FrontendInitializer extends ChannelInitializer<Channel> {
    /**
     * TLV bytes a v2 header may carry beyond the addresses (HAProxy's unique-id, SSL facts, a cloud's endpoint id
     * fit many times over); a longer header is refused before it is read whole.
     */
    static final int MAX_PROXY_TLV_BYTES = 2048;

    private final ProxyContext context;

    public FrontendInitializer(ProxyContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(Channel ch) {
        SessionRegistry registry = context.registry();
        registry.connectionOpened();
        Session session = new Session(registry.nextId(), ch, context);
        InetAddress source = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        boolean balancer = source != null && context.config().listen().proxyProtocol().trusts(source);
        if (balancer) {
            ch.pipeline().addLast("proxy-gate", new ProxyHeaderGate(session));
            ch.pipeline().addLast("proxy-decoder", new HAProxyMessageDecoder(MAX_PROXY_TLV_BYTES));
            ch.pipeline().addLast("proxy-header", new ProxyHeaderReader(session));
        }
        if (context.clientTls() != null) {
            ch.pipeline().addLast("direct-tls", new DirectTlsSniffer(session));
        }
        ch.pipeline().addLast("startup", new FrontendStartup(session));
        if (source != null && !balancer && !takePendingSlot(session, source)) {
            return;
        }
        session.armStartupTimer(context.limits().startupTimeout().toMillis());
    }

    /**
     * Takes one of {@code source}'s {@code limits.maxPendingPerSource} slots until the session logs in or ends; when
     * the address has none left, refuses the connection (53300) and returns false.
     */
    static boolean takePendingSlot(Session session, InetAddress source) {
        int limit = session.context().limits().maxPendingPerSource();
        if (!session.context().registry().pendingConnections().tryAdd(source, limit)) {
            session.terminate(DisconnectReason.TOO_MANY_PENDING, "rolegate: too many pending connections from "
                    + source.getHostAddress() + " (at most " + limit + " connections from one address may be"
                    + " logging in at once); try again later");
            return false;
        }
        session.pendingFrom(source);
        return true;
    }
}
