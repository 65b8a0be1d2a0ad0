package io.rolegate.engine.trace;

import io.rolegate.engine.telemetry.SqlRedactor;

import java.nio.charset.StandardCharsets;

/**
 * A statement's text (Query, Parse) as the client sent it, kept as bytes while the trace records (no decoding or
 * redaction on the event loop) and shown whole or redacted only when someone reads the trace.
 *
 * @param bytes the first bytes of the text (a bounded copy)
 * @param cut   the statement was longer than what is kept
 */
record StatementText(byte[] bytes, boolean cut) {
    /** Whole under {@code policies.captureQueries: full}; otherwise every literal replaced by {@code ?}. */
    String shown(boolean whole) {
        String sql = new String(bytes, StandardCharsets.UTF_8);
        return (whole ? sql : SqlRedactor.redact(sql)) + (cut ? " …" : "");
    }

    int size() {
        return bytes.length;
    }
}
