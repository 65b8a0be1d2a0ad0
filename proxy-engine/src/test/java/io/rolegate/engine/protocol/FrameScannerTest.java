package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("leaks")
class FrameScannerTest {

    /** Records what the scanner reports, capturing ReadyForQuery status and ParameterStatus bodies. */
    static final class Recorder extends FrameScanner {
        final List<String> seen = new ArrayList<>();

        @Override
        protected void onMessage(byte type, int length) {
            seen.add((char) type + ":" + length);
        }

        @Override
        protected int captureLimit(byte type) {
            return type == 'Z' ? 1 : type == 'S' ? 8 : 0;
        }

        @Override
        protected void onBody(byte type, byte[] body, int length, boolean complete) {
            seen.add((char) type + "=" + new String(body, 0, length) + (complete ? "" : "..."));
        }

        @Override
        protected void onMalformed(byte type, int length) {
            seen.add("malformed:" + length);
        }
    }

    private static byte[] stream() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte('S').writeInt(4 + 6).writeBytes("ab\0cd\0".getBytes());          // short ParameterStatus
        b.writeByte('D').writeInt(4 + 1000).writeZero(1000);                          // a DataRow body to skip
        b.writeByte('S').writeInt(4 + 12).writeBytes("longname\0val\0".getBytes(), 0, 12); // longer than capture
        b.writeByte('Z').writeInt(5).writeByte('T');
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return bytes;
    }

    private static final List<String> EXPECTED = List.of("S:10", "S=ab\0cd\0", "D:1004", "S:16", "S=longname...",
            "Z:5", "Z=T");

    @Test
    void reportsEachMessageOnceWhateverTheSplit() {
        byte[] all = stream();
        for (int cut1 = 0; cut1 <= all.length; cut1++) {
            for (int cut2 = cut1; cut2 <= all.length; cut2 += 7) {
                Recorder r = new Recorder();
                r.scan(Unpooled.wrappedBuffer(all, 0, cut1));
                r.scan(Unpooled.wrappedBuffer(all, cut1, cut2 - cut1));
                r.scan(Unpooled.wrappedBuffer(all, cut2, all.length - cut2));
                assertThat(r.seen).as("cut at %d and %d", cut1, cut2).isEqualTo(EXPECTED);
                assertThat(r.atBoundary()).isTrue();
            }
        }
    }

    @Test
    void byteByByteToo() {
        Recorder r = new Recorder();
        for (byte b : stream()) {
            r.scan(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        assertThat(r.seen).isEqualTo(EXPECTED);
    }

    @Test
    void knowsWhenItIsInsideAMessage() {
        Recorder r = new Recorder();
        ByteBuf partial = Unpooled.buffer().writeByte('D').writeInt(4 + 100).writeZero(50);
        r.scan(partial);
        assertThat(r.atBoundary()).isFalse();
        r.scan(Unpooled.buffer().writeZero(50));
        assertThat(r.atBoundary()).isTrue();
        r.scan(Unpooled.buffer().writeByte('C').writeShort(0));
        assertThat(r.atBoundary()).isFalse();
    }

    @Test
    void hugeLengthsAreSkippedByCountNotBuffered() {
        Recorder r = new Recorder();
        r.scan(Unpooled.buffer().writeByte('d').writeInt(Integer.MAX_VALUE));
        for (int i = 0; i < 100; i++) {
            r.scan(Unpooled.wrappedBuffer(new byte[1 << 16]));
        }
        assertThat(r.seen).containsExactly("d:" + Integer.MAX_VALUE);
        assertThat(r.atBoundary()).isFalse();
    }

    @Test
    void impossibleLengthStopsScanning() {
        Recorder r = new Recorder();
        r.scan(Unpooled.buffer().writeByte('Q').writeInt(2).writeByte('Z').writeInt(5).writeByte('I'));
        assertThat(r.seen).containsExactly("malformed:2");
        assertThat(r.atBoundary()).isFalse();
    }

    @Test
    void doesNotMoveTheReaderIndex() {
        ByteBuf b = Unpooled.wrappedBuffer(stream());
        new Recorder().scan(b);
        assertThat(b.readerIndex()).isZero();
    }

    /** Where each message began in the read that completed its header; -1 when its first bytes came in an earlier one. */
    @Test
    void tellsWhereEachMessageBeganInTheReadAtHand() {
        byte[] all = stream(); // S at 0, D at 11, S at 1016, Z at 1033
        for (int cut = 0; cut <= all.length; cut++) {
            List<String> starts = new ArrayList<>();
            FrameScanner s = new FrameScanner() {
                @Override
                protected void onMessage(byte type, int length) {
                    starts.add((char) type + "@" + messageStart());
                }
            };
            ByteBuf first = Unpooled.wrappedBuffer(all, 0, cut);
            ByteBuf second = Unpooled.wrappedBuffer(all, cut, all.length - cut);
            s.scan(first);
            s.scan(second);
            List<String> expected = new ArrayList<>();
            int[] at = {0, 11, 1016, 1033};
            char[] types = {'S', 'D', 'S', 'Z'};
            for (int k = 0; k < at.length; k++) {
                int start = at[k] + 5 <= cut ? at[k] : at[k] >= cut ? at[k] - cut : -1; // -1: a header split by the cut
                expected.add(types[k] + "@" + start);
            }
            assertThat(starts).as("cut at %d", cut).containsExactlyElementsOf(expected);
            first.release();
            second.release();
        }
    }

    @Test
    void tellsAFatalAdministratorCommandFromOtherErrors() {
        assertThat(fatal("SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0"))
                .isTrue();
        assertThat(fatal("SFATAL\0C57P01\0Mold server without V\0\0")).isTrue();
        assertThat(fatal("SSCHWERWIEGEND\0VFATAL\0C57P01\0Mgerman\0\0")).as("localized severity").isTrue();
        assertThat(fatal("SERROR\0VERROR\0C57P01\0Mnot fatal\0\0")).isFalse();
        assertThat(fatal("SFATAL\0VFATAL\0C57P02\0Mcrash shutdown\0\0")).isFalse();
        assertThat(fatal("SFATAL\0VFATAL\0C57P0")).as("cut before the code ends").isFalse();
        assertThat(fatal("")).isFalse();
    }

    private static boolean fatal(String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ErrorFields.isFatal(bytes, bytes.length, SqlState.ADMIN_SHUTDOWN);
    }
}
