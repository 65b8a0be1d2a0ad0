package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.store.audit.AuditEventJson;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An {@code ExportLogsServiceRequest} (opentelemetry-proto, logs v1) for a batch: one ResourceLogs for this engine
 * ({@code service.name} rolegate, {@code service.instance.id} the node), one ScopeLogs ({@code io.rolegate.audit}),
 * one LogRecord per event. A record's body is the event in the documented JSON schema; the fields a collector
 * filters on are attributes as well ({@code rolegate.event_id}, {@code rolegate.event_type}, {@code user.name},
 * {@code session.id}, {@code client.address}, {@code db.namespace}, {@code rolegate.decision}, ...).
 */
final class OtlpEncoding {
    static final String SCOPE = "io.rolegate.audit";
    /** SeverityNumber values from logs.proto. */
    private static final int INFO = 9;
    private static final int INFO2 = 10;
    private static final int WARN = 13;

    private OtlpEncoding() {
    }

    static byte[] request(List<AuditRecord> batch, String instance, String version) {
        Protobuf resource = new Protobuf()
                .message(1, keyValue("service.name", "rolegate"))
                .message(1, keyValue("service.instance.id", instance));
        Protobuf scope = new Protobuf().string(1, SCOPE).string(2, version);
        Protobuf scopeLogs = new Protobuf().message(1, scope);
        for (AuditRecord r : batch) {
            scopeLogs.message(2, logRecord(r));
        }
        Protobuf resourceLogs = new Protobuf().message(1, resource).message(2, scopeLogs);
        return new Protobuf().message(1, resourceLogs).bytes();
    }

    private static Protobuf logRecord(AuditRecord r) {
        AuditEvent e = r.event();
        String decision = AuditEventJson.decision(e.type());
        int severity = switch (SyslogFormat.severity(r)) {
            case 4 -> WARN;
            case 5 -> INFO2;
            default -> INFO;
        };
        Protobuf log = new Protobuf()
                .fixed64(1, nanos(e.time()))
                .varintField(2, severity)
                .string(3, severity == WARN ? "WARN" : "INFO")
                .message(5, new Protobuf().string(1, AuditEventJson.toJson(r)))
                .message(6, keyValue("rolegate.event_id", AuditEventJson.eventId(r)))
                .message(6, keyValue("rolegate.event_type", e.type().name()))
                .message(6, new Protobuf().string(1, "rolegate.seq").message(2, new Protobuf().int64InOneof(3,
                        r.sequence())));
        attribute(log, "rolegate.decision", decision);
        attribute(log, "user.name", e.user());
        attribute(log, "session.id", e.sessionId());
        attribute(log, "client.address", e.clientAddress());
        attribute(log, "rolegate.actor", e.actor());
        attribute(log, "db.response.status_code", e.sqlstate());
        Object database = databaseOf(e.details());
        attribute(log, "db.namespace", database == null ? null : database.toString());
        return log.fixed64(11, nanos(e.time()))
                .string(12, "rolegate.audit." + e.type().name().toLowerCase(Locale.ROOT));
    }

    private static Object databaseOf(String details) {
        try {
            return io.rolegate.engine.api.model.FlatJson.parse(details).get("database");
        } catch (IllegalArgumentException e) {
            return null; // the body carries the details whole; only this attribute is left out
        }
    }

    private static void attribute(Protobuf log, String key, String value) {
        if (value != null) {
            log.message(6, keyValue(key, value));
        }
    }

    private static Protobuf keyValue(String key, String value) {
        return new Protobuf().string(1, key).message(2, new Protobuf().bytes(1,
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
