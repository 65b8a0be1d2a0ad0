package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.FlatJson;
import io.rolegate.engine.api.model.Json;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of an audit event (schema {@value #SCHEMA}, documented in src-docs/siem-export.md): what
 * {@code audit export --format jsonl} writes and what every exporter sends to a SIEM. The directory identity,
 * database, decision and reason are lifted out of the stored details so a SIEM rule needs no per-type parsing; the
 * details follow in full as a JSON object, and the sequence and both hashes let a copy be checked against the chain.
 */
public final class AuditEventJson {
    public static final String SCHEMA = "rolegate.audit.v1";
    /** Hex digits of the record's hash in its event id: 64 bits, ample to tell records of one chain apart. */
    private static final int ID_HASH_DIGITS = 16;

    private AuditEventJson() {
    }

    /**
     * The event's stable id: the node whose chain holds the record, its sequence in that chain and the first 16 hex
     * digits of its hash ({@code edge-1:42:3f9a0c2e7b1d5a60}); a record of the chain from before fleets that no node
     * adopted yet has no node and no prefix ({@code 42:3f9a0c2e7b1d5a60}). The same record always gets the same id,
     * so a receiver recognises a duplicate sent again after a crash, and ids of two nodes' chains never collide.
     */
    public static String eventId(AuditRecord r) {
        String local = r.sequence() + ":" + r.hash().substring(0, ID_HASH_DIGITS);
        return r.node().isEmpty() ? local : r.node() + ":" + local;
    }

    /** The event as one JSON object on one line (no trailing newline), with the node whose chain holds it. */
    public static String toJson(AuditRecord r) {
        String node = r.node().isEmpty() ? null : r.node();
        AuditEvent e = r.event();
        Map<String, Object> details = details(e.details());
        StringBuilder out = new StringBuilder(512);
        out.append("{\"schema\":").append(Json.quote(SCHEMA))
                .append(",\"eventId\":").append(Json.quote(eventId(r)))
                .append(",\"seq\":").append(r.sequence())
                .append(",\"time\":").append(Json.quote(DateTimeFormatter.ISO_INSTANT.format(e.time())))
                .append(",\"type\":").append(Json.quote(e.type().name()))
                .append(",\"node\":").append(Json.quote(node))
                .append(",\"identity\":{\"user\":").append(Json.quote(e.user()))
                .append(",\"dn\":").append(Json.quote(text(details.get("directory_dn"))))
                .append(",\"groups\":");
        value(out, list(details.get("groups")));
        out.append(",\"roles\":");
        value(out, list(details.get("roles")));
        out.append("},\"actor\":").append(Json.quote(e.actor()))
                .append(",\"sessionId\":").append(Json.quote(e.sessionId()))
                .append(",\"clientAddress\":").append(Json.quote(e.clientAddress()))
                .append(",\"database\":").append(Json.quote(text(details.get("database"))))
                .append(",\"decision\":").append(Json.quote(decision(e.type())))
                .append(",\"reason\":").append(Json.quote(text(details.get("reason"))))
                .append(",\"sqlstate\":").append(Json.quote(e.sqlstate()))
                .append(",\"message\":").append(Json.quote(e.message()))
                .append(",\"details\":");
        value(out, details);
        out.append(",\"prevHash\":").append(Json.quote(r.previousHash()))
                .append(",\"hash\":").append(Json.quote(r.hash())).append('}');
        return out.toString();
    }

    /**
     * What the event says about access: allow, deny, revoke, end (a session ended), or null for events that decide
     * nothing (configuration, health, retention...).
     */
    public static String decision(AuditEventType type) {
        return switch (type) {
            case AUTH_SUCCEEDED, ACCESS_DECIDED, CONSOLE_LOGIN -> "allow";
            case AUTH_FAILED, CONNECTION_REJECTED, CONSOLE_LOGIN_REFUSED, CONSOLE_ACTION_REFUSED -> "deny";
            case REVOCATION -> "revoke";
            case SESSION_ENDED, CONSOLE_LOGOUT -> "end";
            default -> null;
        };
    }

    /**
     * The stored details as fields; details that are not a flat JSON object (none are written so, but the store may
     * hold anything) are kept whole as {@code {"text": ...}} rather than dropped or allowed to break the line.
     */
    static Map<String, Object> details(String stored) {
        try {
            return FlatJson.parse(stored);
        } catch (IllegalArgumentException e) {
            return Map.of("text", stored);
        }
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static List<?> list(Object v) {
        return v instanceof List<?> l ? l : v == null ? List.of() : List.of(v.toString());
    }

    private static void value(StringBuilder out, Object v) {
        if (v instanceof String s) {
            out.append(Json.quote(s));
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> f : m.entrySet()) {
                out.append(first ? "" : ",").append(Json.quote(f.getKey().toString())).append(':');
                value(out, f.getValue());
                first = false;
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                value(out, l.get(i));
            }
            out.append(']');
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append(Json.quote(d.toString()));
        } else {
            out.append(v); // Long, Double, Boolean, or null
        }
    }
}
