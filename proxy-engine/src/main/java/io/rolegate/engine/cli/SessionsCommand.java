package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * {@code sessions}: finished sessions, newest end first, as an aligned table; with {@code --live} every node's live
 * sessions from a shared store (decision 0028).
 */
final class SessionsCommand implements Command {
    static final int DEFAULT_LIMIT = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public List<String> words() {
        return List.of("sessions");
    }

    @Override
    public String synopsis() {
        return "sessions [--since T] [--until T] [--user U] [--limit N] [--data-dir DIR | --config FILE]"
                + " | sessions --live --config FILE";
    }

    @Override
    public String summary() {
        return "list finished sessions (newest first, 100 unless --limit); --live: every node's live sessions";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.SINCE, Option.UNTIL, Option.USER, Option.LIMIT, Option.DATA_DIR, Option.CONFIG,
                Option.LIVE);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        if (line.has(Option.LIVE)) {
            return LiveSessionsTable.print(line, ctx);
        }
        Instant since = CliTimes.optional(line, Option.SINCE);
        Instant until = CliTimes.optional(line, Option.UNTIL);
        CliTimes.checkOrder(since, until);
        int limit = limit(line);
        List<SessionRecord> found;
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            found = store.sessionHistory(new SessionQuery(since, until,
                    line.value(Option.USER).orElse(null), limit));
        }
        if (found.isEmpty()) {
            ctx.out().println("no finished sessions match");
            return 0;
        }
        TextTable t = new TextTable(List.of("ENDED", "NODE", "USER", "DATABASE", "APPLICATION", "CLIENT", "DURATION",
                "BYTES IN", "BYTES OUT", "QUERIES", "END REASON", "ROLES"),
                false, false, false, false, false, false, true, true, true, true, false, false);
        for (SessionRecord s : found) {
            t.row(List.of(TIME.format(s.end()), orDash(s.node()), s.user(), s.database(), orDash(s.applicationName()),
                    s.clientAddress(), duration(Duration.between(s.start(), s.end())), Long.toString(s.bytesIn()),
                    Long.toString(s.bytesOut()), Long.toString(s.queries()), s.endReason(),
                    s.roles().isEmpty() ? "-" : String.join(",", s.roles())));
        }
        t.print(ctx.out());
        return 0;
    }

    private static int limit(CommandLine line) throws UsageException {
        String v = line.value(Option.LIMIT).orElse(Integer.toString(DEFAULT_LIMIT));
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new UsageException("--limit must be 1 or more, not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--limit must be a whole number, not \"" + v + "\"");
        }
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return d.toMillis() < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0)
                    : s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
