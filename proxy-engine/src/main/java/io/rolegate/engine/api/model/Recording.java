package io.rolegate.engine.api.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One recorded session ({@code policies.record}) with the identity it ran as: what the Recording list shows.
 * Times are cut to microseconds, what the store keeps.
 *
 * @param id          the recording's own number (session ids start again with each engine start)
 * @param sessionId   the session's id while it ran
 * @param user        the PostgreSQL role the session logged in as
 * @param directoryDn the directory entry that authenticated (null in passthrough)
 * @param roles       the mapped roles the session held, sorted
 * @param ended       null while the session is live
 * @param reason      why it was recorded: "member of cn=contractors,…" or "holds role payroll_rw"
 * @param capture     how its statement text is kept: "redacted" (literals replaced by ?) or "full"
 * @param statements  statements recorded so far
 * @param errors      of those, how many failed
 * @param dropped     statements not recorded because the store fell behind (the queue was full)
 */
public record Recording(long id, long sessionId, String user, String directoryDn, List<String> roles,
                        String clientAddress, String applicationName, String database, Instant started,
                        Instant ended, String reason, String capture, long statements, long errors, long dropped) {
    public Recording {
        Objects.requireNonNull(user, "user");
        roles = List.copyOf(roles);
        started = Objects.requireNonNull(started, "started").truncatedTo(ChronoUnit.MICROS);
        ended = ended == null ? null : ended.truncatedTo(ChronoUnit.MICROS);
    }

    public boolean live() {
        return ended == null;
    }
}
