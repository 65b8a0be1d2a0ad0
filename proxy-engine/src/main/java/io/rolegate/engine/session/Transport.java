package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rolegate.engine.config.KeepaliveConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** Native epoll where the platform has it (fewer copies, no selector churn), NIO elsewhere. */
public final class Transport {
    private final String name;
    private final IoHandlerFactory ioHandlers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> socketChannel;

    private Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                      Class<? extends Channel> socketChannel) {
        this.name = name;
        this.ioHandlers = ioHandlers;
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
    }

    public static Transport best() {
        if (Epoll.isAvailable() && !Boolean.getBoolean("rolegate.nio")) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    public EventLoopGroup newGroup(int threads, String threadName) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), ioHandlers);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends Channel> socketChannel() {
        return socketChannel;
    }

    public String name() {
        return name;
    }

    /**
     * The socket options that find a peer gone without a FIN or RST ({@code limits.keepalive}), for the client
     * and the server hop alike. The timings need the native transport; with NIO only SO_KEEPALIVE is set and the
     * kernel's timings (net.ipv4.tcp_keepalive_*) apply.
     */
    public Map<ChannelOption<?>, Object> keepalive(KeepaliveConfig k) {
        Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
        options.put(ChannelOption.SO_KEEPALIVE, true);
        if (socketChannel == EpollSocketChannel.class) {
            options.put(EpollChannelOption.TCP_KEEPIDLE, (int) k.idle().toSeconds());
            options.put(EpollChannelOption.TCP_KEEPINTVL, (int) k.interval().toSeconds());
            options.put(EpollChannelOption.TCP_KEEPCNT, k.count());
            options.put(EpollChannelOption.TCP_USER_TIMEOUT, (int) k.userTimeout().toMillis());
        }
        return options;
    }
}
