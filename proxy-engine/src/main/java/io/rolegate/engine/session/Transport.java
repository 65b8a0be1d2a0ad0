package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

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
}
