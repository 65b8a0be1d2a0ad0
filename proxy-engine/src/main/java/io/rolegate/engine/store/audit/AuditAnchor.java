package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.Json;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A checkpoint of the audit chain kept outside the store: at {@code time}, node {@code node} saw the chain end at
 * {@code sequence} with hash {@code headHash}. {@code mac} is an HMAC-SHA256 over those four under a key derived
 * from the master key ({@link AuditAnchors}), so whoever can edit the store but does not hold the master key can
 * neither cut the chain back before a checkpoint nor write a checkpoint of their own. One JSON object per line.
 */
public record AuditAnchor(long sequence, String headHash, Instant time, String node, String mac) {
    private static final String FORMAT = "rolegate audit anchor 1";
    private static final java.util.regex.Pattern HEX_64 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** The exact bytes the MAC covers: length-prefixed, so no choice of node name can shift another field. */
    byte[] signedBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(FORMAT);
            out.writeLong(sequence);
            out.writeUTF(headHash);
            out.writeLong(time.getEpochSecond());
            out.writeInt(time.getNano());
            byte[] nodeBytes = node.getBytes(StandardCharsets.UTF_8);
            out.writeInt(nodeBytes.length);
            out.write(nodeBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encoding failed", e);
        }
        return bytes.toByteArray();
    }

    String toJsonLine() {
        return "{\"seq\":" + sequence + ",\"head\":" + Json.quote(headHash)
                + ",\"time\":" + Json.quote(DateTimeFormatter.ISO_INSTANT.format(time))
                + ",\"node\":" + Json.quote(node) + ",\"mac\":" + Json.quote(mac) + "}";
    }

    /**
     * Reads a line written by {@link #toJsonLine()}.
     *
     * @throws IllegalArgumentException when the line is not such a checkpoint, saying what is wrong
     */
    static AuditAnchor parse(String line) {
        Object parsed;
        try {
            // JSON is YAML: the configuration's parser reads it, with no new dependency
            parsed = new Load(LoadSettings.builder().setMaxAliasesForCollections(0).build()).loadFromString(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(parsed instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            AuditAnchor anchor = new AuditAnchor(((Number) required(fields, "seq")).longValue(),
                    (String) required(fields, "head"), Instant.parse((String) required(fields, "time")),
                    (String) required(fields, "node"), (String) required(fields, "mac"));
            if (!HEX_64.matcher(anchor.headHash).matches() || !HEX_64.matcher(anchor.mac).matches()) {
                throw new IllegalArgumentException("head and mac must be 64 hexadecimal digits");
            }
            return anchor;
        } catch (ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a field has the wrong type or form");
        }
    }

    private static Object required(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the field \"" + name + "\" is missing");
        }
        return value;
    }

    /** How messages name it: where the chain ended and who saw it when. */
    String describe() {
        return "sequence " + sequence + " with head hash " + headHash + ", written "
                + DateTimeFormatter.ISO_INSTANT.format(time) + " by " + node;
    }
}
