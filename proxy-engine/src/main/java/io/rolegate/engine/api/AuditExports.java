package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;

import java.util.ArrayList;
import java.util.List;

/** The {@link AuditEventType#AUDIT_EXPORTED} record of an export: who, which filter, how many, where to. */
final class AuditExports {
    private AuditExports() {
    }

    static AuditEvent done(String who, AuditQuery q, EngineAudit.Format format, String destination, long records) {
        return AuditEvent.of(AuditEventType.AUDIT_EXPORTED, who + " exported " + records
                        + (records == 1 ? " audit record" : " audit records") + " (" + format.name() + ") to "
                        + destination + "; filter: " + filter(q))
                .withActor(who).withDetails(details(q, format, destination).put("outcome", "done")
                        .put("records", records));
    }

    static AuditEvent failed(String who, AuditQuery q, EngineAudit.Format format, String destination,
                             RuntimeException why) {
        return AuditEvent.of(AuditEventType.AUDIT_EXPORTED, who + "'s audit export (" + format.name() + ") to "
                        + destination + " failed: " + why.getMessage() + "; filter: " + filter(q))
                .withActor(who).withDetails(details(q, format, destination).put("outcome", "failed")
                        .put("error", String.valueOf(why.getMessage())));
    }

    /** The filter as the audit view's fields read: "since …, user bob, types ADMIN_ACTION", or the whole history. */
    static String filter(AuditQuery q) {
        List<String> parts = new ArrayList<>();
        if (q.since() != null) {
            parts.add("since " + q.since());
        }
        if (q.until() != null) {
            parts.add("until " + q.until());
        }
        if (q.user() != null && !q.user().isBlank()) {
            parts.add("user " + q.user());
        }
        if (q.types() != null && !q.types().isEmpty()) {
            parts.add("types " + String.join(",", typeNames(q)));
        }
        if (q.text() != null && !q.text().isBlank()) {
            parts.add("text \"" + q.text() + "\"");
        }
        return parts.isEmpty() ? "none (the whole history)" : String.join(", ", parts);
    }

    private static AuditDetails details(AuditQuery q, EngineAudit.Format format, String destination) {
        AuditDetails d = AuditDetails.create().put("format", format.name().toLowerCase(java.util.Locale.ROOT))
                .put("destination", destination);
        if (q.since() != null) {
            d.put("since", q.since().toString());
        }
        if (q.until() != null) {
            d.put("until", q.until().toString());
        }
        if (q.user() != null && !q.user().isBlank()) {
            d.put("user", q.user());
        }
        if (q.types() != null && !q.types().isEmpty()) {
            d.put("types", typeNames(q));
        }
        if (q.text() != null && !q.text().isBlank()) {
            d.put("text", q.text());
        }
        return d;
    }

    private static List<String> typeNames(AuditQuery q) {
        return q.types().stream().map(Enum::name).sorted().toList();
    }
}
