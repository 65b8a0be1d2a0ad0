package io.rolegate.console.audit;

import io.rolegate.console.sessions.DetailLine;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditRecord;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The detail pane's lines for one audit record: every field, the empty ones left out, hashes last. */
final class AuditDetail {
    /** A full timestamp: date, time to the millisecond, and the zone ("2026-12-06 23:41:02.123 CET"). */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z");
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private AuditDetail() {
    }

    static List<DetailLine> of(AuditRecord r, ZoneId zone) {
        AuditEvent e = r.event();
        List<DetailLine> lines = new ArrayList<>();
        lines.add(new DetailLine("Record", "#" + r.sequence()));
        boolean utc = zone.getRules().getOffset(e.time()).getTotalSeconds() == 0;
        lines.add(new DetailLine("Time", TIME.format(e.time().atZone(zone)) + " (" + zone.getId()
                + (utc ? "" : ", UTC " + DateTimeFormatter.ISO_INSTANT.format(e.time())) + ")"));
        lines.add(new DetailLine("Event", e.type().name()));
        add(lines, "By", e.actor());
        add(lines, "User", e.user());
        add(lines, "Session", e.sessionId());
        add(lines, "Client", e.clientAddress());
        add(lines, "SQLSTATE", e.sqlstate());
        lines.add(new DetailLine("Message", e.message()));
        lines.addAll(AuditChanges.of(e.details()));
        lines.add(new DetailLine("Hash", r.hash()));
        lines.add(new DetailLine("Previous hash", r.previousHash()));
        return lines;
    }

    private static void add(List<DetailLine> lines, String label, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(new DetailLine(label, value));
        }
    }
}
