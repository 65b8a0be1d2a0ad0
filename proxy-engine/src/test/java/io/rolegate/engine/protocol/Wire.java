package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Bytes as a peer would write them, built by hand (not by the encoders under test): a typed message with its length
 * word filled in, a startup packet, or a bare body. Lengths can be forced wrong to script malformed peers.
 */
final class Wire {
    private final ByteBuf buf = Unpooled.buffer();
    private final int lengthAt;
    private Integer forcedLength;

    private Wire(int type) {
        if (type >= 0) {
            buf.writeByte(type);
        }
        lengthAt = buf.writerIndex();
        buf.writeInt(0);
    }

    private Wire() {
        lengthAt = -1;
    }

    /** A typed message: type byte, length word, then what is added. */
    static Wire typed(char type) {
        return new Wire(type);
    }

    /** A startup-phase packet: length word, then what is added. */
    static Wire untyped() {
        return new Wire(-1);
    }

    /** A body alone (what the message decoder hands on), without type or length. */
    static Wire body() {
        return new Wire();
    }

    Wire int32(int v) {
        buf.writeInt(v);
        return this;
    }

    Wire byte1(int v) {
        buf.writeByte(v);
        return this;
    }

    Wire bytes(byte[] b) {
        buf.writeBytes(b);
        return this;
    }

    /** Text followed by its NUL terminator. */
    Wire cString(String s) {
        return text(s).byte1(0);
    }

    /** Text without a terminator. */
    Wire text(String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Writes this value into the length word instead of the true length. */
    Wire length(int length) {
        forcedLength = length;
        return this;
    }

    ByteBuf buf() {
        if (lengthAt >= 0) {
            buf.setInt(lengthAt, forcedLength != null ? forcedLength : buf.writerIndex() - lengthAt);
        }
        return buf;
    }

    byte[] array() {
        ByteBuf b = buf();
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }
}
