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
}
