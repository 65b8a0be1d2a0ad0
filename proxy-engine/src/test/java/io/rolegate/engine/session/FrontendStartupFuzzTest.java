package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.tls.UpstreamTls;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-facing startup handler on an EmbeddedChannel, fed arbitrary bytes in arbitrary chunks: whatever
 * arrives, nothing escapes the pipeline, every input buffer is released, and the result is either a session
 * handed to the authenticator or a closed connection.
 */
class FrontendStartupFuzzTest {

    private static final class Harness {
        final AtomicInteger begun = new AtomicInteger();
        final EmbeddedChannel channel;

        Harness() {
            RolegateConfig config = RolegateConfig.defaults()
                    .withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null));
            ProxyContext context = new ProxyContext(config, Transport.best(), null,
                    UpstreamTls.of(config.upstream()), new SessionRegistry());
            context.authenticator((session, startup, ctx) -> begun.incrementAndGet());
            channel = new EmbeddedChannel(new FrontendInitializer(context));
        }

        /** Feeds the chunks; returns the buffers so the caller can check they were released. */
        List<ByteBuf> feed(List<byte[]> chunks) {
            List<ByteBuf> sent = new ArrayList<>();
            for (byte[] chunk : chunks) {
                if (!channel.isOpen()) {
                    break;
                }
                ByteBuf b = Unpooled.copiedBuffer(chunk);
                sent.add(b);
                channel.writeInbound(b);
                channel.checkException();
            }
            channel.runPendingTasks();
            channel.finishAndReleaseAll();
            return sent;
        }
    }

    @Provide
    Arbitrary<List<byte[]>> chunks() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> plausible = Combinators.combine(
                Arbitraries.of(StartupCodes.SSL_REQUEST, StartupCodes.GSSENC_REQUEST, StartupCodes.CANCEL_REQUEST,
                        StartupCodes.PROTOCOL_3_0, (3 << 16) | 2, 2 << 16),
                Arbitraries.integers().between(-5, 120),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as((code, len, tail) -> {
                    ByteBuf b = Unpooled.buffer().writeInt(len).writeInt(code).writeBytes(tail);
                    byte[] out = new byte[b.readableBytes()];
                    b.readBytes(out);
                    return out;
                });
        return Arbitraries.oneOf(random, plausible).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 2000)
    void anyInputIsHandledCleanly(@ForAll("chunks") List<byte[]> chunks) {
        Harness h = new Harness();
        List<ByteBuf> sent = h.feed(chunks);
        for (ByteBuf b : sent) {
            if (b.capacity() > 0) { // Unpooled's shared empty buffer is never released
                assertThat(b.refCnt()).as("input buffer released").isZero();
            }
        }
        assertThat(h.begun.get()).isLessThanOrEqualTo(1);
    }

    @Property(tries = 500)
    void aValidStartupSplitAnywhereStillParses(@ForAll @Size(min = 1, max = 10) List<Integer> cuts) {
        ByteBuf whole = Unpooled.buffer().writeInt(0).writeInt(StartupCodes.PROTOCOL_3_0);
        for (String s : new String[]{"user", "alice", "database", "db", "application_name", "fuzz"}) {
            whole.writeBytes(s.getBytes()).writeByte(0);
        }
        whole.writeByte(0);
        whole.setInt(0, whole.readableBytes());
        byte[] bytes = new byte[whole.readableBytes()];
        whole.readBytes(bytes);
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts.stream().map(c -> Math.floorMod(c, bytes.length)).sorted().toList()) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, from, Math.max(from, cut)));
            from = Math.max(from, cut);
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        Harness h = new Harness();
        h.feed(chunks);
        assertThat(h.begun.get()).isEqualTo(1);
    }

    @Test
    void sslRequestWithTlsOffIsAnsweredN() {
        Harness h = new Harness();
        h.channel.writeInbound(Unpooled.buffer().writeInt(8).writeInt(StartupCodes.SSL_REQUEST));
        ByteBuf answer = h.channel.readOutbound();
        assertThat(answer.readByte()).isEqualTo((byte) 'N');
        answer.release();
        assertThat(h.channel.isOpen()).isTrue();
        h.channel.finishAndReleaseAll();
    }
}
