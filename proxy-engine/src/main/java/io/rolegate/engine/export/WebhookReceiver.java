package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Json;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.store.audit.AuditEventJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * HTTPS POST of a JSON batch, {@code {"schema": ..., "events": [...]}}, signed: {@code X-Rolegate-Timestamp} is the
 * Unix time of sending and {@code X-Rolegate-Signature} is {@code sha256=} and the hex HMAC-SHA256, under the
 * configured secret, of the timestamp, a dot and the body. The receiver recomputes it and refuses an old
 * timestamp, so a captured request cannot be replayed later. 2xx acknowledges the batch.
 */
final class WebhookReceiver implements Receiver {
    static final String TIMESTAMP_HEADER = "X-Rolegate-Timestamp";
    static final String SIGNATURE_HEADER = "X-Rolegate-Signature";
    static final String BATCH_HEADER = "X-Rolegate-Batch";

    private final URI url;
    private final Secret secret;
    private final Clock clock;
    private final HttpPost http;

    WebhookReceiver(ExportConfig config, Clock clock) {
        this.url = config.target();
        this.secret = config.secret();
        this.clock = clock;
        this.http = new HttpPost(config);
    }

    @Override
    public void send(List<AuditRecord> batch) throws IOException {
        byte[] body = body(batch).getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        http.post(url, "application/json", body, Map.of(
                TIMESTAMP_HEADER, timestamp,
                SIGNATURE_HEADER, "sha256=" + signature(secret, timestamp, body),
                BATCH_HEADER, AuditEventJson.eventId(batch.get(0)) + ".."
                        + AuditEventJson.eventId(batch.get(batch.size() - 1))));
    }

    static String body(List<AuditRecord> batch) {
        StringBuilder out = new StringBuilder("{\"schema\":").append(Json.quote(AuditEventJson.SCHEMA))
                .append(",\"events\":[");
        for (int i = 0; i < batch.size(); i++) {
            out.append(i == 0 ? "" : ",").append(AuditEventJson.toJson(batch.get(i)));
        }
        return out.append("]}").toString();
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body} under the secret. */
    static String signature(Secret secret, String timestamp, byte[] body) {
        byte[] key = secret.utf8();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java runtime", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
