package io.rolegate.console.sessions;

import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.util.ArrayList;
import java.util.List;

/** The detail pane's lines for one session, in the order a DBA checks them. */
final class SessionDetails {
    private SessionDetails() {
    }

    static List<DetailLine> of(SessionRow row) {
        SessionSnapshot s = row.snapshot();
        List<DetailLine> lines = new ArrayList<>();
        lines.add(new DetailLine("Session", "#" + s.id()));
        lines.add(new DetailLine("User", s.user()));
        lines.add(new DetailLine("Database", s.database()));
        lines.add(new DetailLine("Directory entry", orDash(s.directoryDn())));
        lines.add(new DetailLine("Upstream role", orDash(s.role())));
        lines.add(new DetailLine("Granted roles", s.roles() == null || s.roles().isEmpty() ? "—"
                : String.join(", ", new java.util.TreeSet<>(s.roles()))));
        lines.add(new DetailLine("Application", orDash(s.applicationName())));
        lines.add(new DetailLine("Client", Formats.address(s.clientAddress())));
        lines.add(new DetailLine("TLS", s.tls() == null ? "none (plain TCP)" : s.tls()));
        lines.add(new DetailLine("Backend PID", s.backendPid() == 0 ? "—" : String.valueOf(s.backendPid())));
        lines.add(new DetailLine("State", row.status()));
        lines.add(new DetailLine("Started", Formats.clock(s.started())));
        lines.add(new DetailLine(row.isEnded() ? "Lasted" : "Connected for",
                Formats.duration(row.connectedForProperty().get())));
        if (row.isEnded()) {
            lines.add(new DetailLine("Ended", Formats.clock(row.end().at())));
        }
        lines.add(new DetailLine("Bytes in / out", Formats.bytes(s.bytesIn()) + " / " + Formats.bytes(s.bytesOut())));
        lines.add(new DetailLine("Messages in / out", Formats.count(s.messagesIn()) + " / "
                + Formats.count(s.messagesOut())));
        lines.add(new DetailLine("Queries", Formats.count(s.queries())));
        lines.add(new DetailLine("Transactions", Formats.count(s.transactions())));
        lines.add(new DetailLine("Errors", Formats.count(s.errors())));
        lines.add(new DetailLine("Avg round trip", s.avgRoundTripMicros() == 0 ? "—"
                : Formats.count(s.avgRoundTripMicros()) + " µs"));
        lines.add(new DetailLine("Last query", orDash(s.lastQuery())));
        return lines;
    }

    private static String orDash(String v) {
        return v == null || v.isEmpty() ? "—" : v;
    }
}
