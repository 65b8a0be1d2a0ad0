package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEvent;

import io.rolegate.engine.store.common.Sha256;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The hash chain: {@code hash = SHA-256(previous hash bytes || canonical encoding of the record)}. The encoding is
 * length-prefixed field by field, so no choice of field contents can make two different records encode alike
 * (plain concatenation would let "ab"+"c" collide with "a"+"bc").
 */
public final class AuditChain {
    /** The previous hash of record 1: nothing came before it. */
    public static final String GENESIS = "0".repeat(64);
    private static final int FORMAT = 1;

    private AuditChain() {
    }

    public static String hash(String previousHash, long sequence, AuditEvent e) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(HexFormat.of().parseHex(previousHash));
        digest.update(canonical(sequence, e));
        return HexFormat.of().formatHex(digest.digest());
    }

    static byte[] canonical(long sequence, AuditEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(sequence);
            out.writeLong(e.time().getEpochSecond());
            out.writeInt(e.time().getNano());
            field(out, e.type().name());
            field(out, e.actor());
            field(out, e.user());
            field(out, e.sessionId());
            field(out, e.clientAddress());
            field(out, e.sqlstate());
            field(out, e.message());
            field(out, e.details());
        } catch (IOException ex) {
            throw new UncheckedIOException("in-memory encoding failed", ex);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
