package io.rolegate.engine.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

/**
 * The listening socket for clients and the options every accepted connection gets: no Nagle delay, the relay's
 * write buffer bounds (backpressure), and TCP keepalive ({@code limits.keepalive}) to find half-open connections.
 */
public final class ClientListener {
    private static final int BACKLOG = 1024;

    private ClientListener() {
    }

    /** Binds {@code host:port} (0: any free port) and returns the listening channel. Blocks until bound. */
    public static Channel bind(ProxyContext context, EventLoopGroup acceptors, EventLoopGroup workers, String host,
                               int port) {
        Transport transport = context.transport();
        ServerBootstrap b = new ServerBootstrap().group(acceptors, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UpstreamConnector.WATER_MARK)
                .childHandler(new FrontendInitializer(context));
        transport.keepalive(context.config().limits().keepalive()).forEach((option, value) ->
                childOption(b, option, value));
        return b.bind(host, port).syncUninterruptibly().channel();
    }

    @SuppressWarnings("unchecked")
    private static void childOption(ServerBootstrap b, ChannelOption<?> option, Object value) {
        b.childOption((ChannelOption<Object>) option, value);
    }
}
