package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.protocol.BackendMessage;
import io.rolegate.engine.protocol.ErrorFields;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's side of startup at byte level: a scripted client writes packets into the real frontend pipeline on
 * an EmbeddedChannel and reads back exactly what a client would. Malformed packets end in a FATAL 08P01 the client
 * can read, and a closed connection, never an exception out of the pipeline.
 */
@Tag("leaks")
class StartupBytesTest {
    private final List<StartupMessage> begun = new ArrayList<>();
    private final EmbeddedChannel client;

    StartupBytesTest() {
        RolegateConfig config = RolegateConfig.defaults()
                .withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null));
        ProxyContext context = new ProxyContext(config, Transport.best(), null,
                UpstreamTls.of(config.upstream()), new SessionRegistry());
        context.authenticator((session, startup, ctx) -> begun.add(startup));
        client = new EmbeddedChannel(new FrontendInitializer(context));
    }

    private static ByteBuf packet(int code, byte[] payload) {
        return Unpooled.buffer().writeInt(8 + payload.length).writeInt(code).writeBytes(payload);
    }

    private static byte[] pairs(String... s) {
        ByteBuf b = Unpooled.buffer();
        for (String x : s) {
            b.writeBytes(x.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        }
        b.writeByte(0);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private byte answer() {
        ByteBuf out = client.readOutbound();
        assertThat(out.readableBytes()).as("a one-byte answer").isEqualTo(1);
        byte b = out.readByte();
        out.release();
        return b;
    }

    /** The one message the client is sent next, as type and fields; checks its length word. */
    private ErrorFields fatalSent() {
        client.runPendingTasks();
        ByteBuf out = client.readOutbound();
        assertThat(out).as("an ErrorResponse was sent").isNotNull();
        assertThat(out.readByte()).isEqualTo(BackendMessage.ERROR_RESPONSE.code());
        assertThat(out.readInt()).isEqualTo(out.readableBytes() + 4);
        ErrorFields f = ErrorFields.parse(out);
        out.release();
        assertThat(f.severity()).isEqualTo("FATAL");
        return f;
    }

    @Test
    void gssEncAndSslAreDeclinedWithNAndTheClientGoesOnWithProtocol32() {
        client.writeInbound(packet(StartupCodes.GSSENC_REQUEST, new byte[0]));
        assertThat(answer()).isEqualTo(StartupCodes.ENCRYPTION_REFUSED);
        client.writeInbound(packet(StartupCodes.SSL_REQUEST, new byte[0]));
        assertThat(answer()).isEqualTo(StartupCodes.ENCRYPTION_REFUSED);
        client.writeInbound(packet((3 << 16) | 2, pairs("user", "alice", "_pq_.x", "1")));
        client.flushOutbound(); // the authenticator flushes with its first request

        ByteBuf negotiate = client.readOutbound();
        assertThat(negotiate.readByte()).isEqualTo(BackendMessage.NEGOTIATE_PROTOCOL_VERSION.code());
        assertThat(negotiate.readInt()).isEqualTo(negotiate.readableBytes() + 4);
        assertThat(negotiate.readInt()).as("newest version: 3.0").isEqualTo(3 << 16);
        assertThat(negotiate.readInt()).as("one option not recognised").isEqualTo(1);
        assertThat(negotiate.toString(StandardCharsets.UTF_8)).isEqualTo("_pq_.x\0");
        negotiate.release();
        assertThat(begun).singleElement().satisfies(m -> assertThat(m.user()).isEqualTo("alice"));
        client.finishAndReleaseAll();
    }

    @Test
    void aLengthBeyondTheCapIsFatal08P01() {
        client.writeInbound(Unpooled.buffer().writeInt(10_001).writeInt(3 << 16));
        ErrorFields f = fatalSent();
        assertThat(f.sqlState()).isEqualTo("08P01");
        assertThat(f.message()).isEqualTo("rolegate: protocol violation: invalid startup packet length 10001 (the"
                + " limit is 10000 bytes)");
        assertThat(client.isOpen()).isFalse();
        assertThat(begun).isEmpty();
        client.finishAndReleaseAll();
    }

    @Test
    void aLengthTooShortForACodeIsFatal08P01() {
        client.writeInbound(Unpooled.buffer().writeInt(7).writeInt(3 << 16));
        assertThat(fatalSent().message()).contains("invalid startup packet length 7");
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
    }

    @Test
    void aStartupMessageWithoutItsTerminatorIsFatal08P01() {
        client.writeInbound(packet(3 << 16, "user\0alice".getBytes(StandardCharsets.UTF_8)));
        ErrorFields f = fatalSent();
        assertThat(f.sqlState()).isEqualTo("08P01");
        assertThat(f.message()).isEqualTo("rolegate: protocol violation: startup packet is not terminated");
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
    }

    @Test
    void aTruncatedPacketWaitsForTheRest() {
        ByteBuf whole = packet(3 << 16, pairs("user", "bob"));
        client.writeInbound(whole.readRetainedSlice(10));
        assertThat(begun).isEmpty();
        assertThat(client.isOpen()).isTrue();
        client.writeInbound(whole);
        assertThat(begun).singleElement().satisfies(m -> assertThat(m.user()).isEqualTo("bob"));
        client.finishAndReleaseAll();
    }

    @Test
    void cancelRequestsForUnknownKeysOfFourAndOf256BytesCloseSilently() {
        for (int keyLength : new int[]{4, 256}) {
            StartupBytesTest t = new StartupBytesTest();
            ByteBuf cancel = Unpooled.buffer().writeInt(12 + keyLength).writeInt(StartupCodes.CANCEL_REQUEST)
                    .writeInt(42).writeZero(keyLength);
            t.client.writeInbound(cancel);
            t.client.runPendingTasks();
            assertThat((Object) t.client.readOutbound()).as("%d-byte key: nothing said", keyLength).isNull();
            assertThat(t.client.isOpen()).isFalse();
            t.client.finishAndReleaseAll();
        }
        client.finishAndReleaseAll();
    }

    @Test
    void aCancelKeyOf257BytesIsFatal08P01() {
        client.writeInbound(Unpooled.buffer().writeInt(12 + 257).writeInt(StartupCodes.CANCEL_REQUEST)
                .writeInt(42).writeZero(257));
        assertThat(fatalSent().message()).isEqualTo(
                "rolegate: protocol violation: CancelRequest has an invalid length");
        client.finishAndReleaseAll();
    }
}
