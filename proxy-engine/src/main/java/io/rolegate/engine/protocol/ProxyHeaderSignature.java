package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * How a PROXY protocol header begins (HAProxy's proxy-protocol.txt): v2 with a fixed 12-byte binary signature, v1
 * with the text {@code "PROXY "}. Neither can be taken for a PostgreSQL startup packet, whose first byte — the high
 * byte of a length under 16 MiB — is zero, nor for a TLS ClientHello (0x16): the first byte alone tells them apart,
 * and every further byte either matches the signature or proves the header absent.
 */
public final class ProxyHeaderSignature {
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    /** What the readable bytes say so far. */
    public enum Match {
        /** Every byte so far matches a signature, but not all of it has arrived. */
        SO_FAR,
        /** A whole signature is there: a PROXY header starts here. */
        WHOLE,
        /** Not a PROXY header. */
        NO
    }

    private ProxyHeaderSignature() {
    }

    /** Compares the readable bytes of {@code in} (not consumed) with the v2 and v1 signatures. */
    public static Match match(ByteBuf in) {
        if (!in.isReadable()) {
            return Match.SO_FAR;
        }
        byte[] signature = in.getByte(in.readerIndex()) == V2[0] ? V2 : V1;
        int n = Math.min(in.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != signature[i]) {
                return Match.NO;
            }
        }
        return n == signature.length ? Match.WHOLE : Match.SO_FAR;
    }
}
