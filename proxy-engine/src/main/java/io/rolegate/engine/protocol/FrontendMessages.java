package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Map;

/**
 * Encoders for what the proxy sends to the server in the client's voice. The byte constants are compile-time copies
 * of {@link FrontendMessage} codes, kept for {@code switch} statements on a raw type byte.
 */
public final class FrontendMessages {
    public static final byte QUERY = 'Q';
    public static final byte PARSE = 'P';
    public static final byte EXECUTE = 'E';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';
    public static final byte PASSWORD = 'p';
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';
    public static final byte COPY_FAIL = 'f';

    private FrontendMessages() {
    }

    public static ByteBuf sslRequest(ByteBufAllocator alloc) {
        return alloc.buffer(8).writeInt(8).writeInt(StartupCodes.SSL_REQUEST);
    }

    public static ByteBuf cancelRequest(ByteBufAllocator alloc, int processId, byte[] secretKey) {
        return alloc.buffer(12 + secretKey.length).writeInt(12 + secretKey.length)
                .writeInt(StartupCodes.CANCEL_REQUEST).writeInt(processId).writeBytes(secretKey);
    }

    /** A protocol 3.0 StartupMessage carrying the given parameters in their order. */
    public static ByteBuf startupMessage(ByteBufAllocator alloc, Map<String, String> parameters) {
        ByteBuf buf = alloc.buffer(256);
        buf.writeInt(0).writeInt(StartupCodes.PROTOCOL_3_0);
        parameters.forEach((k, v) -> {
            BackendMessages.cString(buf, k);
            BackendMessages.cString(buf, v);
        });
        buf.writeByte(0);
        buf.setInt(0, buf.writerIndex());
        return buf;
    }

    /** A simple Query message. */
    public static ByteBuf query(ByteBufAllocator alloc, String sql) {
        ByteBuf buf = alloc.buffer(6 + sql.length());
        buf.writeByte(QUERY).writeInt(0);
        BackendMessages.cString(buf, sql);
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }

    public static ByteBuf terminate(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeByte(TERMINATE).writeInt(4);
    }

    /** A PasswordMessage ('p'): used for cleartext and as the SASL initial/response envelope. */
    public static ByteBuf password(ByteBufAllocator alloc, ByteBuf payload) {
        ByteBuf buf = alloc.buffer(5 + payload.readableBytes());
        buf.writeByte(PASSWORD).writeInt(4 + payload.readableBytes()).writeBytes(payload);
        return buf;
    }
}
