package io.rolegate.engine.api.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A finished session as history keeps it. {@code endReason} is the engine's disconnect reason by name, kept as text
 * so the store does not depend on the session room. Times are cut to microseconds, what the database keeps.
 */
public record SessionRecord(long sessionId, String user, String directoryDn, List<String> roles,
                            String clientAddress, String applicationName, String database, Instant start,
                            Instant end, long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                            long queries, String endReason) {
    public SessionRecord {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(endReason, "endReason");
        roles = List.copyOf(roles);
        start = Objects.requireNonNull(start, "start").truncatedTo(ChronoUnit.MICROS);
        end = Objects.requireNonNull(end, "end").truncatedTo(ChronoUnit.MICROS);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("session " + sessionId + " ends before it starts");
        }
    }
}
