package io.rolegate.engine.trace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rolegate.engine.protocol.FrameScanner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace's decoder at byte level: the same fields whether a message arrives whole or split at every byte, a
 * message under way when the trace starts is skipped, and Bind's values are skipped by their lengths.
 */
class TraceScannerTest {

    private record Line(boolean fromClient, String type, long bytes, Map<String, Object> fields) {
    }

    private static final class Lines implements TraceScanner.Lines {
        final List<Line> seen = new ArrayList<>();

        @Override
        public void message(boolean fromClient, byte type, long wireBytes, long seenAt, Map<String, Object> fields) {
            Map<String, Object> shown = new java.util.LinkedHashMap<>();
            if (fields != null) {
                fields.forEach((k, v) -> shown.put(k, v instanceof StatementText t ? t.shown(true) : v));
            }
            seen.add(new Line(fromClient, MessageNames.of(fromClient, type), wireBytes, shown));
        }

        @Override
        public void framingLost(boolean fromClient, byte type, int length) {
            seen.add(new Line(fromClient, "LOST", length, Map.of()));
        }
    }

    private static ByteBuf message(char type, Object... parts) {
        ByteBuf body = Unpooled.buffer();
        for (Object p : parts) {
            if (p instanceof String s) {
                body.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
            } else if (p instanceof Short n) {
                body.writeShort(n);
            } else if (p instanceof Integer n) {
                body.writeInt(n);
            } else if (p instanceof Character ch) {
                body.writeByte(ch);
            } else if (p instanceof byte[] raw) {
                body.writeBytes(raw);
            }
        }
        ByteBuf m = Unpooled.buffer().writeByte(type).writeInt(body.readableBytes() + 4).writeBytes(body);
        body.release();
        return m;
    }

    private static ByteBuf clientStream() {
        byte[] secret = "zebra-value".getBytes(StandardCharsets.UTF_8);
        return Unpooled.wrappedBuffer(
                message('P', "S_7", "select $1::text", (short) 1, 25),
                message('B', "", "S_7", (short) 1, (short) 1, (short) 1, secret.length, secret, (short) 1, (short) 0),
                message('D', 'P', ""),
                message('E', "", 0),
                message('S'));
    }

    private static List<Line> scan(ByteBuf stream, int chunk) {
        Lines lines = new Lines();
        TraceScanner scanner = new TraceScanner(true, lines);
        for (int i = stream.readerIndex(); i < stream.writerIndex(); i += chunk) {
            scanner.scan(stream.slice(i, Math.min(chunk, stream.writerIndex() - i)));
        }
        return lines.seen;
    }

    @Test
    void fieldsAreTheSameWhetherTheStreamArrivesWholeOrByteByByte() {
        ByteBuf stream = clientStream();
        try {
            List<Line> whole = scan(stream, stream.readableBytes());
            assertThat(whole).extracting(Line::type).containsExactly("Parse", "Bind", "Describe", "Execute", "Sync");
            assertThat(whole.get(0).fields()).containsEntry("statement", "S_7")
                    .containsEntry("text", "select $1::text").containsEntry("parameterTypes", 1);
            assertThat(whole.get(1).fields()).containsEntry("statement", "S_7").containsEntry("parameters", 1)
                    .containsEntry("parameterFormats", List.of("binary")).containsEntry("resultFormats", List.of("text"));
            assertThat(whole.get(1).fields().toString()).doesNotContain("zebra");
            assertThat(whole.get(2).fields()).containsEntry("kind", "portal").containsEntry("name", "");
            assertThat(whole.get(3).fields()).containsEntry("maxRows", 0);
            for (int chunk = 1; chunk < 9; chunk++) {
                assertThat(scan(stream, chunk)).as("in chunks of %d bytes", chunk).isEqualTo(whole);
            }
        } finally {
            stream.release();
        }
    }

    @Test
    void aMessageUnderWayWhenTheTraceStartsIsSkippedAndTheNextOneTraced() {
        ByteBuf first = message('Q', "select 'before the trace'");
        ByteBuf second = message('Q', "select 2");
        try {
            Lines lines = new Lines();
            TraceScanner scanner = new TraceScanner(true, lines);
            int seenByRelay = 9; // the relay has read the header and 4 body bytes of the first
            scanner.resume(new FrameScanner.Framing(0, (byte) 'Q', 0, first.readableBytes() - seenByRelay, false));
            scanner.scan(first.slice(seenByRelay, first.readableBytes() - seenByRelay));
            scanner.scan(second);
            assertThat(lines.seen).singleElement().satisfies(l -> assertThat(l.fields())
                    .containsEntry("text", "select 2"));

            Lines halfHeader = new Lines();
            TraceScanner other = new TraceScanner(true, halfHeader);
            // two bytes of the second's header were read before the trace: type and the first length byte
            other.resume(new FrameScanner.Framing(2, (byte) 'Q', second.getByte(1), 0, false));
            other.scan(second.slice(2, second.readableBytes() - 2));
            assertThat(halfHeader.seen).singleElement().satisfies(l -> assertThat(l.fields())
                    .containsEntry("text", "select 2"));
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void serverErrorsKeepSeveritySqlstateAndMessageButNotTheDetail() {
        ByteBuf error = message('E', 'S', "ERROR", 'V', "ERROR", 'C', "23505", 'M', "duplicate key value",
                'D', "Key (id)=(zebra) already exists.", (char) 0);
        try {
            Lines lines = new Lines();
            new TraceScanner(false, lines).scan(error);
            assertThat(lines.seen).singleElement().satisfies(l -> {
                assertThat(l.type()).isEqualTo("ErrorResponse");
                assertThat(l.fields()).containsEntry("severity", "ERROR").containsEntry("sqlstate", "23505")
                        .containsEntry("message", "duplicate key value");
                assertThat(l.fields().toString()).doesNotContain("zebra");
            });
        } finally {
            error.release();
        }
    }
}
