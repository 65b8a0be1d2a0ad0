package io.rolegate.engine.testbed;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.store.audit.AuditChain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Audit records as a Rolegate from before fleets wrote them (schema V1–V5: one chain, keyed by sequence alone, no
 * node column), with the same hash function, for stores that tests stand at an earlier schema version.
 */
public final class LegacyAudit {
    private LegacyAudit() {
    }

    /** Appends {@code events} as records 1..n of a new chain; returns the head hash. */
    public static String write(Connection c, List<AuditEvent> events) throws SQLException {
        return write(c, false, events);
    }

    /**
     * As {@link #write(Connection, List)}; with {@code fleetSchema} (V7 on) into the per-node layout as the chain
     * from before fleets that no node has adopted yet (node ''), as an upgrade from V6 leaves it.
     */
    public static String write(Connection c, boolean fleetSchema, List<AuditEvent> events) throws SQLException {
        String previous = AuditChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (" + (fleetSchema ? "node, " : "")
                + "seq, event_time, event_type, actor, user_name, session_id, client_address, sqlstate, message,"
                + " details, prev_hash, hash) VALUES (" + (fleetSchema ? "'', " : "")
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long seq = 0;
            for (AuditEvent e : events) {
                seq++;
                String hash = AuditChain.hash(previous, seq, e);
                ps.setLong(1, seq);
                ps.setObject(2, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
                ps.setString(3, e.type().name());
                ps.setString(4, e.actor());
                ps.setString(5, e.user());
                ps.setString(6, e.sessionId());
                ps.setString(7, e.clientAddress());
                ps.setString(8, e.sqlstate());
                ps.setString(9, e.message());
                ps.setString(10, e.details());
                ps.setString(11, previous);
                ps.setString(12, hash);
                ps.executeUpdate();
                previous = hash;
            }
        }
        return previous;
    }
}
