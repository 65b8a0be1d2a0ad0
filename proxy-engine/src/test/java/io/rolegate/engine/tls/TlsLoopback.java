package io.rolegate.engine.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A real TLS handshake over 127.0.0.1: a Netty server with the handler under test, a Netty client with another,
 * then one message echoed through the encrypted channel to prove data flows, not only the handshake.
 */
final class TlsLoopback implements AutoCloseable {

    private static final String PING = "ping";
    private static final long TIMEOUT_SECONDS = 10;

    /** What each side saw. {@code clientFailure} is set instead of the rest when the client's handshake failed. */
    record Outcome(String serverAlpn, String clientAlpn, String echoed, Throwable clientFailure) {
        boolean connected() {
            return clientFailure == null;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    Outcome run(Function<ByteBufAllocator, SslHandler> serverTls, Function<ByteBufAllocator, SslHandler> clientTls)
            throws InterruptedException {
        CompletableFuture<String> serverAlpn = new CompletableFuture<>();
        CompletableFuture<String> clientAlpn = new CompletableFuture<>();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler tls = serverTls.apply(ch.alloc());
                        tls.handshakeFuture().addListener(f -> complete(serverAlpn, f.cause(), tls));
                        ch.pipeline().addLast(tls, new Echo());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        Channel client = null;
        try {
            client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler tls = clientTls.apply(ch.alloc());
                            tls.handshakeFuture().addListener(f -> {
                                complete(clientAlpn, f.cause(), tls);
                                if (f.isSuccess()) {
                                    ch.writeAndFlush(Unpooled.copiedBuffer(PING, StandardCharsets.US_ASCII));
                                }
                            });
                            ch.pipeline().addLast(tls, new Collect(echoed));
                        }
                    })
                    .connect(server.localAddress()).sync().channel();
            try {
                String alpn = clientAlpn.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return new Outcome(serverAlpn.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), alpn,
                        echoed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
            } catch (ExecutionException e) {
                return new Outcome(null, null, null, e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("TLS handshake over loopback did not finish in " + TIMEOUT_SECONDS + " s", e);
            }
        } finally {
            if (client != null) {
                client.close().sync();
            }
            server.close().sync();
        }
    }

    private static void complete(CompletableFuture<String> alpn, Throwable cause, SslHandler tls) {
        if (cause == null) {
            // CompletableFuture cannot tell "no ALPN" from "not done" by null, so absence is the empty string.
            String selected = tls.applicationProtocol();
            alpn.complete(selected == null ? "" : selected);
        } else {
            alpn.completeExceptionally(cause);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A refused handshake arrives here as well; the outcome already carries it for the assertions.
            ctx.close();
        }
    }

    private static final class Collect extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> echoed;
        private final StringBuilder received = new StringBuilder();

        Collect(CompletableFuture<String> echoed) {
            this.echoed = echoed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                received.append(buf.toString(StandardCharsets.US_ASCII));
            } finally {
                buf.release();
            }
            if (received.length() >= PING.length()) {
                echoed.complete(received.toString());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            echoed.completeExceptionally(cause);
            ctx.close();
        }
    }
}
