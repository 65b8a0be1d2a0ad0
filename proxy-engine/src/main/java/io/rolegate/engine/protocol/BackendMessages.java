package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encoders for the messages the proxy itself sends to clients, in the server's voice. The byte constants are
 * compile-time copies of {@link BackendMessage} codes, kept for {@code switch} statements on a raw type byte.
 */
public final class BackendMessages {
    public static final byte AUTHENTICATION = 'R';
    public static final byte BACKEND_KEY_DATA = 'K';
    public static final byte ERROR_RESPONSE = 'E';
    public static final byte NOTICE_RESPONSE = 'N';
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
    public static final byte PARAMETER_STATUS = 'S';
    public static final byte READY_FOR_QUERY = 'Z';
    public static final byte COPY_IN_RESPONSE = 'G';
    public static final byte COPY_OUT_RESPONSE = 'H';
    public static final byte COPY_BOTH_RESPONSE = 'W';

    public static final int AUTH_OK = 0;
    public static final int AUTH_CLEARTEXT = 3;
    public static final int AUTH_MD5 = 5;
    public static final int AUTH_SASL = 10;
    public static final int AUTH_SASL_CONTINUE = 11;
    public static final int AUTH_SASL_FINAL = 12;

    private BackendMessages() {
    }

    /** A FATAL ErrorResponse: the server's way of saying why a connection ends. */
    public static ByteBuf fatal(ByteBufAllocator alloc, String sqlState, String message, String hint) {
        return error(alloc, "FATAL", sqlState, message, null, hint);
    }

    public static ByteBuf error(ByteBufAllocator alloc, String severity, String sqlState, String message,
                                String detail, String hint) {
        ByteBuf buf = alloc.buffer(64 + message.length());
        buf.writeByte(ERROR_RESPONSE).writeInt(0);
        field(buf, ErrorFields.SEVERITY, severity);
        field(buf, ErrorFields.SEVERITY_NOT_LOCALIZED, severity);
        field(buf, ErrorFields.SQLSTATE, sqlState);
        field(buf, ErrorFields.MESSAGE, message);
        if (detail != null) {
            field(buf, ErrorFields.DETAIL, detail);
        }
        if (hint != null) {
            field(buf, ErrorFields.HINT, hint);
        }
        buf.writeByte(0);
        return patchLength(buf);
    }

    /** Tells the client the newest minor version the proxy speaks and which {@code _pq_.} options it ignored. */
    public static ByteBuf negotiateProtocolVersion(ByteBufAllocator alloc, int newestMinor, List<String> options) {
        ByteBuf buf = alloc.buffer();
        buf.writeByte(NEGOTIATE_PROTOCOL_VERSION).writeInt(0);
        buf.writeInt((3 << 16) | newestMinor);
        buf.writeInt(options.size());
        for (String option : options) {
            cString(buf, option);
        }
        return patchLength(buf);
    }

    /** A protocol 3.0 BackendKeyData: a 4-byte key, the only kind the proxy issues. */
    public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, int secretKey) {
        return alloc.buffer(13).writeByte(BACKEND_KEY_DATA).writeInt(12).writeInt(processId).writeInt(secretKey);
    }

    /** A BackendKeyData with a key of any length PostgreSQL allows (protocol 3.2: up to 256 bytes). */
    public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, byte[] secretKey) {
        if (secretKey.length < BackendKeyData.MIN_KEY || secretKey.length > BackendKeyData.MAX_KEY) {
            throw new IllegalArgumentException("cancel keys are 4 to 256 bytes, not " + secretKey.length);
        }
        return alloc.buffer(9 + secretKey.length).writeByte(BACKEND_KEY_DATA).writeInt(8 + secretKey.length)
                .writeInt(processId).writeBytes(secretKey);
    }

    public static ByteBuf authenticationOk(ByteBufAllocator alloc) {
        return alloc.buffer(9).writeByte(AUTHENTICATION).writeInt(8).writeInt(AUTH_OK);
    }

    public static ByteBuf parameterStatus(ByteBufAllocator alloc, String name, String value) {
        ByteBuf buf = alloc.buffer(7 + name.length() + value.length());
        buf.writeByte(PARAMETER_STATUS).writeInt(0);
        cString(buf, name);
        cString(buf, value);
        return patchLength(buf);
    }

    public static ByteBuf readyForQuery(ByteBufAllocator alloc, TransactionStatus status) {
        return alloc.buffer(6).writeByte(READY_FOR_QUERY).writeInt(5).writeByte(status.code());
    }

    public static ByteBuf authenticationCleartextPassword(ByteBufAllocator alloc) {
        return alloc.buffer(9).writeByte(AUTHENTICATION).writeInt(8).writeInt(AUTH_CLEARTEXT);
    }

    static void field(ByteBuf buf, byte code, String value) {
        buf.writeByte(code);
        cString(buf, value);
    }

    static void cString(ByteBuf buf, String s) {
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }

    /** Writes the length word of a typed message whose type byte is at index 0. */
    static ByteBuf patchLength(ByteBuf buf) {
        buf.setInt(1, buf.writerIndex() - 1);
        return buf;
    }
}
