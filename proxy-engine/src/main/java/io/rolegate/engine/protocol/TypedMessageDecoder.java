package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames typed messages (type byte, Int32 length including itself, body) for the startup and authentication
 * phases, where every message is small. Anything bigger than {@code maxMessage} is a protocol violation: the relay
 * phase never uses this decoder, so large rows are not its concern.
 */
public final class TypedMessageDecoder extends ByteToMessageDecoder {
    private final int maxMessage;

    public TypedMessageDecoder(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One message per call: the handler after this one may remove it (when startup ends), and Netty then
        // hands the bytes not yet decoded to the next handler as they are.
        if (in.readableBytes() < 5) {
            return;
        }
        int start = in.readerIndex();
        byte type = in.getByte(start);
        int length = in.getInt(start + 1);
        if (length < 4 || length > maxMessage) {
            throw new ProtocolViolation("message '" + printable(type) + "' has invalid length " + length);
        }
        if (in.readableBytes() < 1 + length) {
            return;
        }
        in.skipBytes(5);
        out.add(new TypedMessage(type, in.readRetainedSlice(length - 4)));
    }

    static String printable(byte type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type);
    }
}
