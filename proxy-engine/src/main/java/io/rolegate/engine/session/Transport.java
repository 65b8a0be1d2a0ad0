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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.rolegate.engine.config.KeepaliveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

import java.util.Locale;

/**
 * The socket transport and how many I/O event loops run it. Native epoll where the platform has it (fewer copies,
 * no selector churn), NIO elsewhere. {@code -Drolegate.transport=auto|epoll|io_uring|nio} picks one by hand
 * ({@code io_uring} falls back to epoll, then NIO, when the kernel or the native library refuses it; the start-up
 * log names what runs); {@code -Drolegate.eventLoops=N} sets the I/O loop count (default: one per CPU).
 */
public final class Transport {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    static final String PROPERTY = "rolegate.transport";
    static final String LOOPS_PROPERTY = "rolegate.eventLoops";

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
        String wanted = Boolean.getBoolean("rolegate.nio") ? "nio"
                : System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "auto", "epoll", "io_uring", "nio" -> { }
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted
                    + ": expected auto, epoll, io_uring or nio");
        }
        if (wanted.equals("io_uring")) {
            if (IoUring.isAvailable()) {
                return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                        IoUringSocketChannel.class);
            }
            log.warn("io_uring is not available here ({}); falling back", IoUring.unavailabilityCause().toString());
        }
        if (!wanted.equals("nio") && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** I/O event loops for client and server connections: {@code -Drolegate.eventLoops}, else one per CPU. */
    public static int eventLoops() {
        String set = System.getProperty(LOOPS_PROPERTY);
        if (set == null || set.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(set.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new IllegalArgumentException("-D" + LOOPS_PROPERTY + "=" + set + ": expected a whole number >= 1");
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
     * and the server hop alike. The timings need a native transport (epoll, io_uring); with NIO only SO_KEEPALIVE
     * is set and the kernel's timings (net.ipv4.tcp_keepalive_*) apply.
     */
    public Map<ChannelOption<?>, Object> keepalive(KeepaliveConfig k) {
        Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
        options.put(ChannelOption.SO_KEEPALIVE, true);
        if (socketChannel == EpollSocketChannel.class) {
            options.put(EpollChannelOption.TCP_KEEPIDLE, (int) k.idle().toSeconds());
            options.put(EpollChannelOption.TCP_KEEPINTVL, (int) k.interval().toSeconds());
            options.put(EpollChannelOption.TCP_KEEPCNT, k.count());
            options.put(EpollChannelOption.TCP_USER_TIMEOUT, (int) k.userTimeout().toMillis());
        } else if (socketChannel == IoUringSocketChannel.class) {
            options.put(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPIDLE, (int) k.idle().toSeconds());
            options.put(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPINTVL, (int) k.interval().toSeconds());
            options.put(io.netty.channel.uring.IoUringChannelOption.TCP_KEEPCNT, k.count());
            options.put(io.netty.channel.uring.IoUringChannelOption.TCP_USER_TIMEOUT, (int) k.userTimeout().toMillis());
        }
        return options;
    }
}
