import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
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

/**
 * The floor row of bench/run: the least a Netty relay can do between a client and PostgreSQL — no protocol
 * awareness, no counting, no session. Same Netty (run with rolegate-proxy.jar on the classpath), same transport
 * choices and channel options as proxy-engine (Transport, EngineRuntime.listen, UpstreamConnector): epoll, one
 * acceptor loop, one I/O loop per CPU unless told, TCP_NODELAY, SO_KEEPALIVE, water marks 128/512 KiB, the
 * upstream connection on the client's event loop, each read written as it is and flushed once per read burst,
 * autoRead off while the peer is not writable.
 *
 * <pre>java -cp proxy-engine/target/rolegate-proxy.jar bench/BareRelay.java LISTEN_PORT UPSTREAM_PORT [LOOPS] [epoll|io_uring|nio]</pre>
 */
public final class BareRelay {
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    public static void main(String[] args) throws Exception {
        int listenPort = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        String transport = args.length > 3 ? args[3] : "epoll";
        IoHandlerFactory io;
        Class<? extends ServerChannel> serverChannel;
        Class<? extends Channel> socketChannel;
        if (transport.equals("io_uring") && IoUring.isAvailable()) {
            io = IoUringIoHandler.newFactory();
            serverChannel = IoUringServerSocketChannel.class;
            socketChannel = IoUringSocketChannel.class;
        } else if (!transport.equals("nio") && Epoll.isAvailable()) {
            transport = "epoll";
            io = EpollIoHandler.newFactory();
            serverChannel = EpollServerSocketChannel.class;
            socketChannel = EpollSocketChannel.class;
        } else {
            transport = "nio";
            io = NioIoHandler.newFactory();
            serverChannel = NioServerSocketChannel.class;
            socketChannel = NioSocketChannel.class;
        }
        EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("floor-accept", true), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("floor-io", true), io);
        Class<? extends Channel> upstreamClass = socketChannel;
        Channel listener = new ServerBootstrap().group(acceptors, workers).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel client) {
                        connectUpstream(client, upstreamClass, upstreamPort);
                    }
                })
                .bind("127.0.0.1", listenPort).syncUninterruptibly().channel();
        System.out.println("floor relay (" + transport + ", " + loops + " I/O loops) on 127.0.0.1:" + listenPort
                + " -> 127.0.0.1:" + upstreamPort);
        listener.closeFuture().syncUninterruptibly();
    }

    private static void connectUpstream(Channel client, Class<? extends Channel> channelClass, int port) {
        ChannelFuture f = new Bootstrap().group(client.eventLoop()).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                    }
                })
                .connect("127.0.0.1", port);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                client.close();
                return;
            }
            Channel server = f.channel();
            client.pipeline().addLast(new Pipe(server));
            server.pipeline().addLast(new Pipe(client));
            client.config().setAutoRead(true);
        });
    }

    /** One direction: writes each read to the peer, flushes once per read burst, backpressure by autoRead. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Pipe(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write((ByteBuf) msg, peer.voidPromise());
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
