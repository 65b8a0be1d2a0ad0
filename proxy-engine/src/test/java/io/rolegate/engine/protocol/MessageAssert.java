package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads one encoded message field by field and says which field differs, in the manner of r2dbc-postgresql's
 * BackendMessageAssert: {@code assertThatBackend(buf).is(READY_FOR_QUERY).byte1('I').end()}. The length word is
 * checked against the bytes that follow it; {@link #end} checks nothing is left and releases the buffer.
 */
final class MessageAssert {
    private final ByteBuf buf;
    private final String what;

    private MessageAssert(ByteBuf buf, String what) {
        this.buf = buf;
        this.what = what;
    }

    /** A message in the server's voice: type byte, then length. */
    static MessageAssert assertThatBackend(ByteBuf buf) {
        assertThat(buf.readableBytes()).as("a backend message has a type and a length").isGreaterThanOrEqualTo(5);
        byte type = buf.readByte();
        BackendMessage m = BackendMessage.find(type);
        return new MessageAssert(buf, m == null ? "backend '" + (char) type + "'" : m.name()).typeWas(type).length();
    }

    /** A message in the client's voice: type byte, then length. */
    static MessageAssert assertThatFrontend(ByteBuf buf) {
        assertThat(buf.readableBytes()).as("a frontend message has a type and a length").isGreaterThanOrEqualTo(5);
        byte type = buf.readByte();
        FrontendMessage m = FrontendMessage.find(type);
        return new MessageAssert(buf, m == null ? "frontend '" + (char) type + "'" : m.name()).typeWas(type).length();
    }

    /** A startup-phase packet: length, no type. */
    static MessageAssert assertThatStartupPacket(ByteBuf buf) {
        return new MessageAssert(buf, "startup packet").length();
    }

    private byte type;

    private MessageAssert typeWas(byte type) {
        this.type = type;
        return this;
    }

    private MessageAssert length() {
        int length = buf.readInt();
        assertThat(length).as("%s: length word counts itself and the body", what).isEqualTo(buf.readableBytes() + 4);
        return this;
    }

    MessageAssert is(BackendMessage expected) {
        assertThat(BackendMessage.find(type)).as("backend message type").isEqualTo(expected);
        return this;
    }

    MessageAssert is(FrontendMessage expected) {
        assertThat(FrontendMessage.find(type)).as("frontend message type").isEqualTo(expected);
        return this;
    }

    MessageAssert int32(int expected) {
        assertThat(buf.readableBytes()).as("%s: room for an Int32", what).isGreaterThanOrEqualTo(4);
        assertThat(buf.readInt()).as("%s: Int32", what).isEqualTo(expected);
        return this;
    }

    MessageAssert byte1(int expected) {
        assertThat(buf.isReadable()).as("%s: room for a Byte1", what).isTrue();
        assertThat(buf.readByte()).as("%s: Byte1", what).isEqualTo((byte) expected);
        return this;
    }

    MessageAssert bytes(byte[] expected) {
        assertThat(buf.readableBytes()).as("%s: room for %d bytes", what, expected.length)
                .isGreaterThanOrEqualTo(expected.length);
        byte[] got = new byte[expected.length];
        buf.readBytes(got);
        assertThat(got).as("%s: bytes", what).isEqualTo(expected);
        return this;
    }

    /** A NUL-terminated string. */
    MessageAssert cString(String expected) {
        int zero = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        assertThat(zero).as("%s: \"%s\" is NUL-terminated", what, expected).isGreaterThanOrEqualTo(0);
        String got = buf.toString(buf.readerIndex(), zero - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(zero + 1);
        assertThat(got).as("%s: string", what).isEqualTo(expected);
        return this;
    }

    /** What is left, as text (a SASL payload has no terminator). */
    MessageAssert rest(String expected) {
        String got = buf.toString(StandardCharsets.UTF_8);
        buf.skipBytes(buf.readableBytes());
        assertThat(got).as("%s: payload", what).isEqualTo(expected);
        return this;
    }

    /** One ErrorResponse/NoticeResponse field. */
    MessageAssert field(byte code, String value) {
        assertThat(buf.isReadable()).as("%s: room for field '%s'", what, (char) code).isTrue();
        assertThat((char) buf.readByte()).as("%s: field code", what).isEqualTo((char) code);
        return cString(value);
    }

    void end() {
        try {
            assertThat(buf.readableBytes()).as("%s: bytes left over", what).isZero();
        } finally {
            buf.release();
        }
    }
}
