package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading and rewriting the server's Authentication ('R') messages. */
public final class AuthenticationMessages {
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";

    private AuthenticationMessages() {
    }

    /** The authentication request code at the start of an 'R' body. */
    public static int code(ByteBuf body) {
        if (body.readableBytes() < 4) {
            throw new ProtocolViolation("authentication message too short");
        }
        return body.getInt(body.readerIndex());
    }

    /** What the server asks for, or null for a request code PostgreSQL does not define. */
    public static AuthenticationRequest request(ByteBuf body) {
        return AuthenticationRequest.find(code(body));
    }

    /** The mechanisms listed in an AuthenticationSASL body. */
    public static List<String> saslMechanisms(ByteBuf body) {
        List<String> mechanisms = new ArrayList<>();
        int i = body.readerIndex() + 4;
        int end = body.writerIndex();
        while (i < end) {
            int zero = body.indexOf(i, end, (byte) 0);
            if (zero < 0) {
                throw new ProtocolViolation("AuthenticationSASL mechanism list is not terminated");
            }
            if (zero == i) {
                return mechanisms;
            }
            mechanisms.add(body.toString(i, zero - i, StandardCharsets.UTF_8));
            i = zero + 1;
        }
        throw new ProtocolViolation("AuthenticationSASL mechanism list is not terminated");
    }

    /**
     * The AuthenticationSASL message the client should see: the server's offer without SCRAM-SHA-256-PLUS (see
     * {@link #sasl}). An offer of nothing else cannot cross the proxy and is refused.
     */
    public static ByteBuf withoutChannelBinding(ByteBufAllocator alloc, ByteBuf body) {
        List<String> kept = new ArrayList<>(saslMechanisms(body));
        kept.remove(SCRAM_SHA_256_PLUS);
        if (kept.isEmpty()) {
            throw new ProtocolViolation("the server offers only SCRAM-SHA-256-PLUS, which cannot cross a proxy");
        }
        return sasl(alloc, kept);
    }

    /**
     * A whole AuthenticationSASL message (type, length, body) offering the given mechanisms. Used to drop
     * SCRAM-SHA-256-PLUS: channel binding ties SCRAM to one TLS channel, and the proxy joins two different ones.
     */
    public static ByteBuf sasl(ByteBufAllocator alloc, List<String> mechanisms) {
        ByteBuf buf = alloc.buffer(64);
        buf.writeByte(BackendMessages.AUTHENTICATION).writeInt(0).writeInt(BackendMessages.AUTH_SASL);
        for (String m : mechanisms) {
            BackendMessages.cString(buf, m);
        }
        buf.writeByte(0);
        return BackendMessages.patchLength(buf);
    }
}
