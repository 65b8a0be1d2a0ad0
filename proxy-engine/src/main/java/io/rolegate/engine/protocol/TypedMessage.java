package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One whole typed message (type byte + body without the length word). Only used where the proxy must read a
 * message to decide something — startup and authentication; the relay never builds these.
 */
public final class TypedMessage extends DefaultByteBufHolder {
    private final byte type;

    public TypedMessage(byte type, ByteBuf body) {
        super(body);
        this.type = type;
    }

    public byte type() {
        return type;
    }

    public ByteBuf body() {
        return content();
    }

    /** The message as wire bytes (type, length, body), sharing the body; this message keeps its own reference. */
    public ByteBuf toWire(io.netty.buffer.ByteBufAllocator alloc) {
        ByteBuf body = content().retainedDuplicate();
        ByteBuf header = alloc.buffer(5).writeByte(type).writeInt(4 + body.readableBytes());
        return alloc.compositeBuffer(2).addComponents(true, header, body);
    }

    @Override
    public String toString() {
        return "TypedMessage(" + (char) type + ", " + content().readableBytes() + " bytes)";
    }
}
