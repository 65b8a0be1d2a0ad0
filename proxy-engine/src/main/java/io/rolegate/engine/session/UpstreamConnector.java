package io.rolegate.engine.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.rolegate.engine.config.KeepaliveConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.tls.UpstreamTls;

import java.util.List;

/**
 * Opens connections to the upstream server on a given event loop (the client's, so both channels of a session
 * share one thread) and negotiates TLS the way libpq does: SSLRequest, then 'S' → handshake, 'N' → plain TCP
 * unless TLS is required. A failed connection's message names the address, for the client's error. Which of the
 * configured hosts to try is {@link UpstreamHosts}' decision; this class opens one connection to one of them.
 */
public final class UpstreamConnector {
    /**
     * Both hops' outbound buffer bounds: past the high mark the other side stops reading (see {@link Relay}), so a
     * client that reads nothing holds at most this plus one read of its result in the proxy.
     */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final Transport transport;
    private final UpstreamTls tls;
    private final KeepaliveConfig keepalive;
    private final int connectTimeoutMillis;

    UpstreamConnector(Transport transport, UpstreamTls tls, java.time.Duration connectTimeout,
                      KeepaliveConfig keepalive) {
        this.transport = transport;
        this.keepalive = keepalive;
        this.tls = tls;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /**
     * A connected (and, per policy, encrypted) channel with an empty pipeline, or a failure with a readable message.
     *
     * <p>The socket is always created in a task of its own, never while the loop is handling a batch of readiness
     * events: Netty's epoll loop finds a channel by file descriptor number, so when an earlier event of the batch
     * closed a socket and this new socket got the freed number, a later event of the batch meant for the closed
     * socket would be delivered to the new one, still connecting; it reads, the kernel answers ENOTCONN, and the
     * connect fails with a ClosedChannelException. A task runs after the batch, when no such event is left.
     */
    public Future<Channel> connect(EventLoop loop, UpstreamHost server) {
        Promise<Channel> promise = loop.newPromise();
        loop.execute(() -> open(loop, server, promise));
        return promise;
    }

    private void open(EventLoop loop, UpstreamHost server, Promise<Channel> promise) {
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // handlers are added once the connection is up
                    }
                });
        transport.keepalive(keepalive).forEach((option, value) -> option(b, option, value));
        ChannelFuture connect = b.connect(server.host(), server.port());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(new UpstreamException("rolegate: could not connect to the upstream server at "
                        + server + ": " + describe(f.cause())));
            } else if (!tls.enabled()) {
                promise.trySuccess(connect.channel());
            } else {
                Channel ch = connect.channel();
                ch.pipeline().addLast("tls-negotiation", new TlsNegotiation(server, promise));
                ch.writeAndFlush(FrontendMessages.sslRequest(ch.alloc()));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void option(Bootstrap b, ChannelOption<?> option, Object value) {
        b.option((ChannelOption<Object>) option, value);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceFirst("^[^:]*: ", "");
    }

    /** Reads the server's one-byte answer to SSLRequest and, for 'S', starts the handshake. */
    private final class TlsNegotiation extends ByteToMessageDecoder {
        private final UpstreamHost server;
        private final Promise<Channel> promise;

        TlsNegotiation(UpstreamHost server, Promise<Channel> promise) {
            this.server = server;
            this.promise = promise;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            byte answer = in.readByte();
            if (in.isReadable()) {
                // Bytes after the answer, before the handshake, could be injected by a man in the middle.
                fail(ctx, "sent unexpected bytes after its answer to SSLRequest");
                in.skipBytes(in.readableBytes());
                return;
            }
            Channel ch = ctx.channel();
            ctx.pipeline().remove(this);
            if (answer == 'S') {
                SslHandler ssl = tls.newHandler(ch.alloc(), server.host(), server.port());
                ch.pipeline().addFirst("tls", ssl);
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        promise.trySuccess(ch);
                    } else {
                        ch.close();
                        promise.tryFailure(new UpstreamException("rolegate: TLS with the upstream server at "
                                + server + " failed: " + describe(h.cause())));
                    }
                });
            } else if (answer == 'N' && !tls.required()) {
                promise.trySuccess(ch);
            } else if (answer == 'N') {
                fail(ctx, tls.verifying() && tls.mode() == io.rolegate.engine.config.UpstreamTlsMode.PREFER
                        ? "does not accept TLS, and with upstream.rootCert set the server must be verified over TLS"
                        : "does not accept TLS, and upstream.tls requires it");
            } else {
                fail(ctx, "answered SSLRequest with an unexpected byte");
            }
        }

        private void fail(ChannelHandlerContext ctx, String what) {
            ctx.channel().close();
            promise.tryFailure(new UpstreamException("rolegate: the upstream server at " + server + " " + what));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            promise.tryFailure(new UpstreamException("rolegate: the upstream server at " + server
                    + " closed the connection during TLS negotiation"));
        }
    }

    /** An upstream connection could not be made; the message is meant for the client and the log. */
    public static final class UpstreamException extends Exception {
        UpstreamException(String message) {
            super(message, null, false, false);
        }
    }
}
