package io.rolegate.console.sessions;

import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.util.ArrayList;
import java.util.List;

/** The detail pane's lines for one session, in the order a DBA checks them. */
final class SessionDetails {
    private SessionDetails() {
    }

    static List<DetailLine> of(SessionRow row) {
        if (!row.local()) {
            return published(row);
        }
        SessionSnapshot s = row.snapshot();
        List<DetailLine> lines = new ArrayList<>();
        lines.add(new DetailLine("Session", "#" + s.id()));
        lines.add(new DetailLine("User", s.user()));
        lines.add(new DetailLine("Database", s.database()));
        lines.add(new DetailLine("Directory entry", orDash(s.directoryDn())));
        lines.add(new DetailLine("Upstream role", orDash(s.role())));
        lines.add(new DetailLine("Granted roles", roles(s)));
        lines.add(new DetailLine("Recorded", s.recordedBecause() == null ? "no"
                : "yes, every statement (" + s.recordedBecause() + ")"));
        lines.add(new DetailLine("Application", orDash(s.applicationName())));
        lines.add(new DetailLine("Client", Formats.address(s.clientAddress())));
        lines.add(new DetailLine("TLS", s.tls() == null ? "none (plain TCP)" : s.tls()));
        lines.add(new DetailLine("Backend PID", s.backendPid() == 0 ? "—" : String.valueOf(s.backendPid())));
        lines.add(new DetailLine("State", row.status()));
        SessionActivityFacts f = row.isEnded() ? null : row.facts();
        if (f != null) {
            lines.add(new DetailLine("Wait event", orDash(f.waitEventLabel())));
            lines.add(new DetailLine("Blocked by", orDash(blockers(f))));
            lines.add(new DetailLine("Query started", since(f.queryStart(), now(row))));
            lines.add(new DetailLine("Transaction since", since(f.transactionStart(), now(row))));
        }
        timesAndTraffic(lines, row);
        lines.add(new DetailLine("Queries", Formats.count(s.queries())));
        lines.add(new DetailLine("Transactions", Formats.count(s.transactions())));
        lines.add(new DetailLine("Errors", Formats.count(s.errors())));
        lines.add(new DetailLine("Avg round trip", s.avgRoundTripMicros() == 0 ? "—"
                : Formats.micros(s.avgRoundTripMicros())));
        lines.add(new DetailLine(QUERY, orDash(query(row))));
        return lines;
    }

    /**
     * Another node's session: what that node publishes each second (decision 0028). TLS, statements, round trips
     * and errors stay on that node; the line says so rather than showing them as none.
     */
    private static List<DetailLine> published(SessionRow row) {
        SessionSnapshot s = row.snapshot();
        List<DetailLine> lines = new ArrayList<>();
        lines.add(new DetailLine("Session", "#" + s.id()));
        lines.add(new DetailLine(NODE, s.node() + " (another node: what it publishes each second)"));
        lines.add(new DetailLine("User", s.user()));
        lines.add(new DetailLine("Database", s.database()));
        lines.add(new DetailLine("Directory entry", orDash(s.directoryDn())));
        lines.add(new DetailLine("Granted roles", roles(s)));
        lines.add(new DetailLine("Application", orDash(s.applicationName())));
        lines.add(new DetailLine("Client", Formats.address(s.clientAddress())));
        lines.add(new DetailLine("State", row.status()));
        timesAndTraffic(lines, row);
        lines.add(new DetailLine(KEPT_THERE, "TLS, statements, round trips and errors: attach the console to "
                + s.node() + " to see them"));
        return lines;
    }

    /** When it started, how long it lasts (or lasted), and what went through: every node publishes these. */
    private static void timesAndTraffic(List<DetailLine> lines, SessionRow row) {
        SessionSnapshot s = row.snapshot();
        lines.add(new DetailLine("Started", Formats.clock(s.started())));
        lines.add(new DetailLine(row.isEnded() ? "Lasted" : "Connected for",
                Formats.duration(row.connectedForProperty().get())));
        if (row.isEnded()) {
            lines.add(new DetailLine("Ended", Formats.clock(row.end().at())));
        }
        lines.add(new DetailLine("Bytes in / out", Formats.bytes(s.bytesIn()) + " / " + Formats.bytes(s.bytesOut())));
        lines.add(new DetailLine("Messages in / out", Formats.count(s.messagesIn()) + " / "
                + Formats.count(s.messagesOut())));
    }

    /** Labels of another node's lines that get a row across the pane. */
    static final String NODE = "Node";
    static final String KEPT_THERE = "Kept on its node";

    /** The label of the statement line (it gets a row across the pane). */
    static final String QUERY = "Query";

    /**
     * The server's current or last statement (as last read, also once the session ended), else the last one the
     * proxy saw (literals as ?).
     */
    static String query(SessionRow row) {
        SessionActivityFacts f = row.facts();
        if (f != null && f.query() != null && !f.query().isEmpty()) {
            return f.query();
        }
        return row.snapshot().lastQuery();
    }

    /**
     * The wait event of a backend that is running a statement; none for an idle one, whose "Client: ClientRead"
     * only says again that it waits for its client (the detail pane still shows it).
     */
    static String activeWait(SessionActivityFacts f) {
        return f == null || (f.state() != null && f.state().startsWith("idle") && !f.waiting()) ? null
                : f.waitEventLabel();
    }

    /** "#12" for a session through Rolegate, "pid 4711" for a backend outside it. */
    static String blockers(SessionActivityFacts f) {
        String who = blockerNames(f);
        return who == null ? null : who + " (pid " + f.blockingPids().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** As {@link #blockers} without the pids, for the table's narrow column: "#12", "#12, 1 outside Rolegate". */
    static String blockerNames(SessionActivityFacts f) {
        if (f == null || f.blockingPids().isEmpty()) {
            return null;
        }
        java.util.List<String> names = new ArrayList<>();
        f.blockingSessions().forEach(id -> names.add("#" + id));
        int outside = f.blockingPids().size() - f.blockingSessions().size();
        if (outside > 0) {
            names.add(outside + " outside Rolegate");
        }
        return String.join(", ", names);
    }

    /** "23:41:02 (5 s ago)" — a clock time and how long since. */
    private static String since(java.time.Instant t, java.time.Instant now) {
        return t == null ? "—" : Formats.clock(t) + " (" + Formats.duration(java.time.Duration.between(t, now))
                + " ago)";
    }

    private static java.time.Instant now(SessionRow row) {
        return row.snapshot().started().plus(row.connectedForProperty().get());
    }

    private static String roles(SessionSnapshot s) {
        return s.roles() == null || s.roles().isEmpty() ? "—" : String.join(", ", new java.util.TreeSet<>(s.roles()));
    }

    private static String orDash(String v) {
        return v == null || v.isEmpty() ? "—" : v;
    }
}
