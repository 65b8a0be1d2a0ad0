package io.rolegate.engine.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to write OTLP messages (varint, fixed64, length-delimited fields), so
 * the engine ships without protobuf-java; tests decode the output with the OpenTelemetry proto classes.
 */
final class Protobuf {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A string field; an empty or null string is left out, as proto3 does for defaults. */
    Protobuf string(int field, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Protobuf bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** An embedded message, written even when empty (its presence may mean something, e.g. an empty AnyValue). */
    Protobuf message(int field, Protobuf message) {
        return bytes(field, message.bytes());
    }

    Protobuf varintField(int field, long value) {
        if (value == 0) {
            return this;
        }
        tag(field, VARINT);
        varint(value);
        return this;
    }

    /** A bool inside a oneof is written even when false: there the field's presence is the value's kind. */
    Protobuf boolInOneof(int field, boolean value) {
        tag(field, VARINT);
        varint(value ? 1 : 0);
        return this;
    }

    /** An int64 inside a oneof, written even when zero. */
    Protobuf int64InOneof(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    Protobuf fixed64(int field, long value) {
        if (value == 0) {
            return this;
        }
        tag(field, FIXED64);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
