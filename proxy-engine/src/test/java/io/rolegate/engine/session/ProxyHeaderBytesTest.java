package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ProxyProtocolConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.testbed.ProxyHeaders;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.tls.UpstreamTls;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.rolegate.engine.testbed.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol at byte level, on EmbeddedChannels whose peer is a trusted load balancer (10.0.0.5) or any other
 * address: v2 and v1 headers name the client, split anywhere; a balancer that sends no header, a LOCAL health check,
 * a header without a TCP address, an oversized or garbled header, and a header from a peer that is not trusted are
 * each refused without leaking a buffer; the per-source pending cap counts the client the header names.
 */
class ProxyHeaderBytesTest {
    private static final String BALANCER = "10.0.0.5";
    private static final String CLIENT = "203.0.113.7";
    private static final byte[] STARTUP = RawClient.startup(StartupCodes.PROTOCOL_3_0,
            Map.of("user", "alice", "database", "db"));
    private static final byte[] SSL_REQUEST = ByteBuffer.allocate(8).putInt(8).putInt(StartupCodes.SSL_REQUEST)
            .array();

    /** An EmbeddedChannel whose peer is an IP address of the test's choice. */
    private static final class FromPeer extends EmbeddedChannel {
        private final InetSocketAddress peer;

        FromPeer(InetSocketAddress peer) {
            super(false, true);
            this.peer = peer;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return peer;
        }
    }

    private static final class Harness {
        final AtomicReference<Session> begun = new AtomicReference<>();
        final SessionRegistry registry = new SessionRegistry();
        final ProxyContext context;
        final List<ByteBuf> sent = new ArrayList<>();

        Harness(int maxPendingPerSource) {
            RolegateConfig d = RolegateConfig.defaults();
            RolegateConfig config = d.withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null))
                    .withListen(ListenConfig.defaults().withProxyProtocol(
                            new ProxyProtocolConfig(List.of(Cidr.parse(BALANCER + "/32")))))
                    .withLimits(d.limits().withMaxPendingPerSource(maxPendingPerSource));
            context = new ProxyContext(config, Transport.best(), null, UpstreamTls.of(config.upstream()), registry);
            context.authenticator((session, startup, ctx) -> begun.set(session));
        }

        Harness() {
            this(100);
        }

        EmbeddedChannel connect(String peer) {
            FromPeer ch = new FromPeer(new InetSocketAddress(peer, 40_000));
            ch.pipeline().addLast(new FrontendInitializer(context));
            try {
                ch.register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return ch;
        }

        /** Connects from {@code peer} and feeds {@code chunks}; the channel is left as they leave it. */
        EmbeddedChannel feed(String peer, byte[]... chunks) {
            EmbeddedChannel ch = connect(peer);
            for (byte[] chunk : chunks) {
                if (!ch.isOpen()) {
                    break;
                }
                ByteBuf b = Unpooled.copiedBuffer(chunk);
                sent.add(b);
                ch.writeInbound(b);
                ch.checkException();
            }
            ch.runPendingTasks();
            return ch;
        }

        long refusals() {
            return registry.pendingConnections().refusals(PendingConnections.Refusal.PROXY_HEADER);
        }

        void assertReleased() {
            for (ByteBuf b : sent) {
                if (b.capacity() > 0) {
                    assertThat(b.refCnt()).as("input buffer released").isZero();
                }
            }
        }
    }

    /** The FATAL error the proxy wrote, read off the channel: its SQLSTATE and message. */
    private static RawClient.Message lastWord(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).as("the proxy's last word").isNotNull();
        try {
            byte type = out.readByte();
            byte[] body = new byte[out.readInt() - 4];
            out.readBytes(body);
            return new RawClient.Message((char) type, body);
        } finally {
            out.release();
        }
    }

    @Test
    void aV2HeaderNamesTheClientAndItsStartupFollowsInTheSameSegment() {
        Harness h = new Harness();
        EmbeddedChannel ch = h.feed(BALANCER, concat(ProxyHeaders.v2(CLIENT, 5555, "10.0.0.9", 6432), STARTUP));

        Session s = h.begun.get();
        assertThat(s).as("the startup message after the header reached the authenticator").isNotNull();
        assertThat(s.clientAddress()).isEqualTo(CLIENT + ":5555");
        assertThat(s.balancerAddress()).isEqualTo(BALANCER + ":40000");
        assertThat(s.addresses().ip().getHostAddress()).isEqualTo(CLIENT);
        assertThat(h.registry.pendingConnections().from(ip(CLIENT))).as("the client holds a pending slot").isOne();
        assertThat(h.registry.pendingConnections().from(ip(BALANCER))).as("the balancer holds none").isZero();
        assertThat(ch.pipeline().names()).doesNotContain("proxy-gate", "proxy-decoder", "proxy-header");
        ch.finishAndReleaseAll();
        h.assertReleased();
    }

    @Test
    void aHeaderSplitIntoSingleBytesStillParsesAndSoDoesV1AndIpv6() {
        byte[] all = concat(ProxyHeaders.v2(CLIENT, 5555, "10.0.0.9", 6432), STARTUP);
        byte[][] singles = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            singles[i] = new byte[]{all[i]};
        }
        Harness h = new Harness();
        h.feed(BALANCER, singles).finishAndReleaseAll();
        assertThat(h.begun.get().clientAddress()).isEqualTo(CLIENT + ":5555");

        Harness v1 = new Harness();
        v1.feed(BALANCER, ProxyHeaders.v1(CLIENT, 6000, "10.0.0.9", 6432), STARTUP).finishAndReleaseAll();
        assertThat(v1.begun.get().clientAddress()).isEqualTo(CLIENT + ":6000");

        Harness v6 = new Harness();
        v6.feed(BALANCER, concat(ProxyHeaders.v2("2001:db8::7", 7000, "2001:db8::1", 6432), STARTUP))
                .finishAndReleaseAll();
        assertThat(v6.begun.get().addresses().ip().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        for (Harness x : List.of(h, v1, v6)) {
            x.assertReleased();
        }
    }

    @Test
    void aTrustedBalancerThatSendsNoHeaderIsRefusedAtItsFirstByteNotReadAsAHeader() {
        Harness h = new Harness();
        EmbeddedChannel ch = h.feed(BALANCER, SSL_REQUEST);

        RawClient.Message error = lastWord(ch);
        assertThat(error.type()).isEqualTo('E');
        assertThat(error.field('C')).isEqualTo(SqlState.PROTOCOL_VIOLATION);
        assertThat(error.field('M')).contains("sent no PROXY protocol header").contains("send-proxy-v2");
        assertThat(ch.isOpen()).isFalse();
        assertThat(h.begun.get()).isNull();
        assertThat(h.refusals()).isOne();
        ch.finishAndReleaseAll();
        h.assertReleased();

        Harness tls = new Harness();
        EmbeddedChannel hello = tls.feed(BALANCER, new byte[]{StartupCodes.TLS_HANDSHAKE_RECORD, 3, 1});
        assertThat(hello.isOpen()).as("a TLS ClientHello is no header either").isFalse();
        hello.finishAndReleaseAll();
        tls.assertReleased();
    }

    @Test
    void aHeaderFromAPeerThatIsNotATrustedBalancerIsRefused() {
        for (byte[] header : List.of(ProxyHeaders.v2("10.9.9.9", 1, "10.0.0.9", 6432),
                ProxyHeaders.v1("10.9.9.9", 1, "10.0.0.9", 6432))) {
            Harness h = new Harness();
            EmbeddedChannel ch = h.feed("192.0.2.1", concat(header, STARTUP));

            RawClient.Message error = lastWord(ch);
            assertThat(error.field('C')).isEqualTo(SqlState.PROTOCOL_VIOLATION);
            assertThat(error.field('M')).contains("not a trusted load balancer").contains("192.0.2.1");
            assertThat(ch.isOpen()).isFalse();
            assertThat(h.begun.get()).as("a client may not name its own address").isNull();
            assertThat(h.refusals()).isOne();
            ch.finishAndReleaseAll();
            h.assertReleased();
        }
    }

    @Test
    void aLocalHeaderIsTheBalancersHealthCheckAndClosesQuietly() {
        Harness h = new Harness();
        EmbeddedChannel ch = h.feed(BALANCER, ProxyHeaders.v2(ProxyHeaders.LOCAL, ProxyHeaders.UNSPEC, new byte[0]));

        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).as("nothing said").isNull();
        assertThat(h.refusals()).isZero();
        ch.finishAndReleaseAll();
        h.assertReleased();
    }

    @Test
    void aHeaderWithoutATcpClientAddressIsRefusedRatherThanTakingTheBalancersAddress() {
        byte[] udp = ByteBuffer.allocate(12).put(ip(CLIENT).getAddress()).put(ip("10.0.0.9").getAddress())
                .putShort((short) 1).putShort((short) 2).array();
        for (byte[] header : List.of(ProxyHeaders.v2(ProxyHeaders.PROXY, ProxyHeaders.UNSPEC, new byte[0]),
                ProxyHeaders.v2(ProxyHeaders.PROXY, ProxyHeaders.UDP4, udp),
                ProxyHeaders.ascii("PROXY UNKNOWN\r\n"))) {
            Harness h = new Harness();
            EmbeddedChannel ch = h.feed(BALANCER, concat(header, STARTUP));

            RawClient.Message error = lastWord(ch);
            assertThat(error.field('M')).contains("names no TCP client address");
            assertThat(h.begun.get()).isNull();
            ch.finishAndReleaseAll();
            h.assertReleased();
        }
    }

    @Test
    void malformedAndOversizedHeadersCloseTheConnection() {
        byte[] tcp4 = ProxyHeaders.v2(CLIENT, 1, "10.0.0.9", 2);
        byte[] wrongVersion = tcp4.clone();
        wrongVersion[12] = 0x31;
        byte[] shortAddresses = ProxyHeaders.v2(ProxyHeaders.PROXY, ProxyHeaders.TCP4, new byte[5]);
        byte[] oversized = ProxyHeaders.v2(ProxyHeaders.PROXY, ProxyHeaders.TCP4, new byte[20_000]);
        byte[] v1Garbage = ProxyHeaders.ascii("PROXY TCP4 not.an.address 10.0.0.9 1 2\r\n");
        byte[] v1Endless = ProxyHeaders.ascii("PROXY TCP4 " + "1".repeat(200));
        for (byte[] header : List.of(wrongVersion, shortAddresses, oversized, v1Garbage, v1Endless)) {
            Harness h = new Harness();
            EmbeddedChannel ch = h.feed(BALANCER, header, STARTUP);

            assertThat(ch.isOpen()).as(new String(header, 0, Math.min(20, header.length),
                    StandardCharsets.ISO_8859_1)).isFalse();
            assertThat(h.begun.get()).isNull();
            assertThat(h.refusals()).isOne();
            ch.finishAndReleaseAll();
            h.assertReleased();
        }
    }

    @Test
    void thePendingCapCountsTheClientTheHeaderNamesNotTheBalancer() {
        Harness h = new Harness(1);
        EmbeddedChannel first = h.feed(BALANCER, ProxyHeaders.v2(CLIENT, 1, "10.0.0.9", 6432));
        EmbeddedChannel other = h.feed(BALANCER, ProxyHeaders.v2("198.51.100.8", 1, "10.0.0.9", 6432));
        EmbeddedChannel again = h.feed(BALANCER, ProxyHeaders.v2(CLIENT, 2, "10.0.0.9", 6432));

        assertThat(first.isOpen()).isTrue();
        assertThat(other.isOpen()).as("another client behind the same balancer").isTrue();
        RawClient.Message error = lastWord(again);
        assertThat(error.field('C')).isEqualTo(SqlState.TOO_MANY_CONNECTIONS);
        assertThat(error.field('M')).contains(CLIENT);
        assertThat(h.registry.pendingConnections().from(ip(BALANCER))).isZero();
        for (EmbeddedChannel ch : List.of(first, other, again)) {
            ch.finishAndReleaseAll();
        }
        assertThat(h.registry.pendingConnections().total()).as("every slot given back").isZero();
        h.assertReleased();
    }

    @Provide
    Arbitrary<List<byte[]>> afterASignature() {
        Arbitrary<byte[]> signature = Arbitraries.of(ProxyHeaders.V2_SIGNATURE, ProxyHeaders.ascii("PROXY "),
                ProxyHeaders.v2(CLIENT, 1, "10.0.0.9", 2), Arrays.copyOf(ProxyHeaders.V2_SIGNATURE, 5));
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return net.jqwik.api.Combinators.combine(signature, tail, Arbitraries.integers().between(1, 40))
                .as((sig, rest, chunk) -> {
                    byte[] all = concat(sig, rest);
                    List<byte[]> chunks = new ArrayList<>();
                    for (int i = 0; i < all.length; i += chunk) {
                        chunks.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + chunk)));
                    }
                    return chunks;
                });
    }

    @Property(tries = 400)
    void whateverFollowsASignatureNothingEscapesAndNothingLeaks(@ForAll("afterASignature") List<byte[]> chunks) {
        Harness h = new Harness();
        EmbeddedChannel ch = h.feed(BALANCER, chunks.toArray(byte[][]::new));
        Session s = h.begun.get();
        if (s != null) {
            assertThat(s.clientAddress()).as("only a header that names a client leads to a login")
                    .isEqualTo(CLIENT + ":1");
        }
        ch.finishAndReleaseAll();
        h.assertReleased();
        assertThat(h.registry.pendingConnections().total()).isZero();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
