package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.telemetry.Direction;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two relay handlers at byte level, on EmbeddedChannels standing for the client and the server: bytes pass
 * untouched in both directions, what a client pipelines before the server connection exists waits for it, and a
 * clean goodbye on a connection that may be kept stays in the proxy.
 */
@Tag("leaks")
class RelaysTest {
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final EmbeddedChannel server = new EmbeddedChannel();
    private final Session session;

    RelaysTest() {
        RolegateConfig config = RolegateConfig.defaults()
                .withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null));
        ProxyContext context = new ProxyContext(config, Transport.best(), null, UpstreamTls.of(config.upstream()),
                new SessionRegistry());
        session = new Session(1, client, context);
    }

    @AfterEach
    void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void whatTheClientPipelinesBeforeTheServerConnectionExistsIsSentOnceItDoes() {
        session.relays().install(client);
        byte[] query = query("SELECT 1");
        client.writeInbound(Unpooled.wrappedBuffer(query));
        assertThat(session.counters().bytes(Direction.IN)).isEqualTo(query.length);

        session.transition(SessionState.CONNECTING);
        assertThat(session.server().attach(server, null)).isTrue();
        session.relays().flushQueued(server);
        server.flush();

        assertThat(bytes(server.readOutbound())).isEqualTo(query);
        assertThat(session.queries().lastRedacted()).isEqualTo("SELECT ?");
    }

    @Test
    void theServersBytesReachTheClientUntouchedAndReadyForQuerySetsTheState() {
        ready();
        byte[] inTransaction = {'Z', 0, 0, 0, 5, 'T'};
        server.writeInbound(Unpooled.wrappedBuffer(inTransaction));

        assertThat(bytes(client.readOutbound())).isEqualTo(inTransaction);
        assertThat(session.state()).isEqualTo(SessionState.IDLE_IN_TRANSACTION);
        assertThat(session.counters().bytes(Direction.OUT)).isEqualTo(inTransaction.length);
    }

    @Test
    void aCleanGoodbyeOnAKeepableConnectionStaysInTheProxy() {
        session.server().keepableAs("role\0{}");
        ready();
        session.server().issueCancelKey(42, new byte[] {1, 2, 3, 4});

        client.writeInbound(Unpooled.wrappedBuffer(new byte[] {'X', 0, 0, 0, 4}));
        assertThat(session.server().keeping()).isTrue();
        assertThat((Object) server.readOutbound()).as("the Terminate is held back").isNull();

        session.terminate(DisconnectReason.CLIENT_TERMINATE, null);
        assertThat(session.server().channel()).isNull();
        assertThat(server.pipeline().get(ServerToClient.class)).as("no longer relays to this client").isNull();
        assertThat((Object) server.readOutbound()).as("no Terminate for a connection handed to the pool").isNull();
    }

    @Test
    void aGoodbyeWithMoreBehindItIsNotKept() {
        session.server().keepableAs("role\0{}");
        ready();
        session.server().issueCancelKey(42, new byte[] {1, 2, 3, 4});

        byte[] terminateThenQuery = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(new byte[] {'X', 0, 0, 0, 4},
                query("SELECT 1")));
        client.writeInbound(Unpooled.wrappedBuffer(terminateThenQuery));

        assertThat(session.server().keeping()).isFalse();
        assertThat(bytes(server.readOutbound())).isEqualTo(terminateThenQuery);
    }

    @Test
    void aRepeatedStatementReachesCaptureEachTimeAndTheLastStatementFollowsChanges() {
        ready();
        java.util.List<String> captured = new java.util.ArrayList<>();
        java.util.List<byte[]> arrays = new java.util.ArrayList<>();
        session.queries().into((s, text, cut, extended) -> {
            captured.add(new String(text, StandardCharsets.UTF_8) + (extended ? " [parse]" : "") + (cut ? " [cut]" : ""));
            arrays.add(text);
        });

        for (String sql : new String[] {"SELECT * FROM t WHERE id = $1", "SELECT * FROM t WHERE id = $1",
                "SELECT * FROM t WHERE id = $1 AND x = 'secret'"}) {
            client.writeInbound(Unpooled.wrappedBuffer(parse(sql)));
            assertThat(session.queries().lastRedacted()).isEqualTo(sql.replace("'secret'", "?"));
        }
        client.writeInbound(Unpooled.wrappedBuffer(query("SELECT 1")));

        assertThat(captured).containsExactly("SELECT * FROM t WHERE id = $1 [parse]",
                "SELECT * FROM t WHERE id = $1 [parse]", "SELECT * FROM t WHERE id = $1 AND x = 'secret' [parse]",
                "SELECT 1");
        assertThat(arrays.get(1)).as("the repeated text is the kept array, not a new copy").isSameAs(arrays.get(0));
        assertThat(session.queries().lastRedacted()).isEqualTo("SELECT ?");
        assertThat(server.releaseOutbound()).as("every statement went on to the server").isTrue();
    }

    /** Both relays installed, the server connection attached, the session idle. */
    private void ready() {
        session.relays().install(client);
        session.transition(SessionState.CONNECTING);
        session.server().attach(server, null);
        session.transition(SessionState.AUTHENTICATING);
        session.relays().install(server);
        session.ready();
    }

    private static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = Unpooled.buffer().writeByte('Q').writeInt(4 + text.length + 1).writeBytes(text).writeByte(0);
        return ByteBufUtil.getBytes(b);
    }

    /** An unnamed Parse with no parameter types. */
    private static byte[] parse(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = Unpooled.buffer().writeByte('P').writeInt(4 + 1 + text.length + 1 + 2).writeByte(0)
                .writeBytes(text).writeByte(0).writeShort(0);
        return ByteBufUtil.getBytes(b);
    }

    private static byte[] bytes(Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
