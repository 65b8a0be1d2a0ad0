package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.rolegate.engine.config.KeepaliveConfig;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Half-open connections are found by TCP keepalive on both hops: every accepted client connection and every server
 * connection carries {@code limits.keepalive}'s timings, read back from the kernel (getsockopt) through the
 * channel's configuration. The native transport is what can set them; with NIO only SO_KEEPALIVE is set.
 */
@Tag("leaks")
class HalfOpenConnectionsTest {
    private static final KeepaliveConfig KEEPALIVE = new KeepaliveConfig(Duration.ofSeconds(17),
            Duration.ofSeconds(3), 4, Duration.ofSeconds(29));

    private final Transport transport = Transport.best();
    private final SessionRegistry registry = new SessionRegistry();
    private final CompletableFuture<Session> started = new CompletableFuture<>();
    private EventLoopGroup group;
    private Channel listener;

    @BeforeEach
    void listen() {
        TestPostgres pg = TestPostgres.get();
        RolegateConfig config = RolegateConfig.defaults().withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null))
                .withLimits(RolegateConfig.defaults().limits().withKeepalive(KEEPALIVE));
        registry.addListener(new SessionListener() {
            @Override
            public void sessionStarted(Session session) {
                started.complete(session);
            }
        });
        ProxyContext context = new ProxyContext(config, transport, null, UpstreamTls.of(config.upstream()), registry);
        group = transport.newGroup(1, "keepalive-test");
        listener = ClientListener.bind(context, group, group, "127.0.0.1", 0);
    }

    @AfterEach
    void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void bothHopsOfASessionCarryTheConfiguredKeepalive() throws Exception {
        assumeTrue(transport.name().equals("epoll"), "the keepalive timings need the native transport");
        int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
        Properties p = new Properties();
        p.setProperty("user", TestPostgres.SCRAM_USER);
        p.setProperty("password", TestPostgres.PASSWORD);
        p.setProperty("sslmode", "disable");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                + TestPostgres.DATABASE, p); Statement st = c.createStatement()) {
            assertThat(st.execute("select 1")).isTrue();
            Session session = started.get(10, TimeUnit.SECONDS);
            Map<String, Object> expected = Map.of("SO_KEEPALIVE", true, "TCP_KEEPIDLE", 17, "TCP_KEEPINTVL", 3,
                    "TCP_KEEPCNT", 4, "TCP_USER_TIMEOUT", 29_000);
            assertThat(options(session.client())).as("client hop").isEqualTo(expected);
            assertThat(options(session.server().channel())).as("server hop").isEqualTo(expected);
        }
        Eventually.within(Duration.ofSeconds(10), "the session ended", () -> registry.openConnections() == 0);
    }

    /** The options as the kernel reports them, read on the channel's event loop. */
    private static Map<String, Object> options(Channel ch) throws Exception {
        return ch.eventLoop().submit(() -> Map.<String, Object>of(
                "SO_KEEPALIVE", ch.config().getOption(ChannelOption.SO_KEEPALIVE),
                "TCP_KEEPIDLE", ch.config().getOption(EpollChannelOption.TCP_KEEPIDLE),
                "TCP_KEEPINTVL", ch.config().getOption(EpollChannelOption.TCP_KEEPINTVL),
                "TCP_KEEPCNT", ch.config().getOption(EpollChannelOption.TCP_KEEPCNT),
                "TCP_USER_TIMEOUT", ch.config().getOption(EpollChannelOption.TCP_USER_TIMEOUT))).get(10, TimeUnit.SECONDS);
    }
}
