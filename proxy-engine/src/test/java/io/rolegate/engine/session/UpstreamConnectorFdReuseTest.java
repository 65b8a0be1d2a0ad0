package io.rolegate.engine.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deterministic form of {@link ConnectStormTest}: in one batch of readiness events, the handler of the first
 * event closes another socket (whose hang-up event comes later in the same batch) and opens an upstream
 * connection. The new socket may get the closed one's descriptor number; the late event must not reach it (before
 * the fix it did, and closed the connecting socket: "could not connect ... StacklessClosedChannelException").
 */
@Tag("leaks")
class UpstreamConnectorFdReuseTest {
    private static final int ROUNDS = 10;

    private final EventLoopGroup group = Transport.best().newGroup(1, "fd-reuse-test");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aConnectStartedWhileAnotherSocketClosesInTheSameEventBatchSucceeds() throws Exception {
        ServerSocket peers = listen();
        ServerSocket upstream = listen();
        int port = upstream.getLocalPort();
        UpstreamConfig config = new UpstreamConfig("127.0.0.1", port, UpstreamTlsMode.DISABLE, null);
        UpstreamConnector connector = new UpstreamConnector(Transport.best(), UpstreamTls.of(config),
                config.connectTimeout(), io.rolegate.engine.config.KeepaliveConfig.defaults());
        EventLoop loop = group.next();
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            CompletableFuture<Future<Channel>> connect = new CompletableFuture<>();
            Channel closing = channelTo(loop, peers, null);
            Socket closingPeer = peers.accept();
            Channel trigger = channelTo(loop, peers, () -> {
                closing.close(); // frees its descriptor number while its own event is still queued behind this one
                connect.complete(connector.connect(loop, config.hosts().get(0)));
            });
            Socket triggerPeer = peers.accept();
            // Hold the loop so both sockets become readable before it next asks epoll: one batch, trigger first.
            Future<?> held = loop.submit(() -> sleep(150));
            triggerPeer.getOutputStream().write(1);
            closingPeer.shutdownOutput(); // readable and hung up, as when a client leaves
            held.sync();
            Future<Channel> result = connect.get(5, TimeUnit.SECONDS).await();
            if (result.isSuccess()) {
                upstream.accept().close();
                result.getNow().close().sync();
            } else {
                failures.add("round " + round + ": " + result.cause().getMessage());
            }
            trigger.close().sync();
            closingPeer.close();
            triggerPeer.close();
        }
        assertThat(failures).isEmpty();
    }

    private ServerSocket listen() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        s.setSoTimeout(5_000);
        open.add(s);
        return s;
    }

    private Channel channelTo(EventLoop loop, ServerSocket server, Runnable onFirstRead) throws InterruptedException {
        return new Bootstrap().group(loop).channel(Transport.best().socketChannel())
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        if (onFirstRead != null) {
                            onFirstRead.run();
                        }
                    }
                })
                .connect(server.getLocalSocketAddress()).sync().channel();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
