package io.rolegate.engine.api.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A finished session as history keeps it. {@code endReason} is the engine's disconnect reason by name, kept as text
 * so the store does not depend on the session room. Times are cut to microseconds, what the database keeps.
 * {@code node} is the engine of a fleet that served the session ('' for sessions recorded before fleets).
 */
public record SessionRecord(long sessionId, String user, String directoryDn, List<String> roles,
                            String clientAddress, String applicationName, String database, Instant start,
                            Instant end, long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                            long queries, String endReason, String node) {
    /** A session of a single engine (the form before fleets); history fills in the recording node. */
    public SessionRecord(long sessionId, String user, String directoryDn, List<String> roles, String clientAddress,
                         String applicationName, String database, Instant start, Instant end, long bytesIn,
                         long bytesOut, long messagesIn, long messagesOut, long queries, String endReason) {
        this(sessionId, user, directoryDn, roles, clientAddress, applicationName, database, start, end, bytesIn,
                bytesOut, messagesIn, messagesOut, queries, endReason, "");
    }

    public SessionRecord {
        node = node == null ? "" : node;
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
