package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.RetentionResult;
import io.rolegate.engine.store.recording.RecordingStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deleting old records without breaking verification. Only a prefix of the chain is ever removed (records carry
 * the caller's clock, so "older than" is taken as "everything before the first record that is not older"), and the
 * cut is itself a chained RETENTION_CUT event holding the hash of the last deleted record for the verifier to start
 * from. It runs as one writer task, so no append can interleave with the cut. In a fleet each node cuts its own
 * chain: the writer of a chain is the only one that may remove its records.
 */
final class AuditRetention {
    private AuditRetention() {
    }

    static AuditWriter.ChainTask<RetentionResult> olderThan(Instant cutoff, String actor) {
        return (c, chain) -> {
            long firstKept = scalar(c, "SELECT MIN(seq) FROM audit_event WHERE node = ? AND event_time >= ?",
                    chain.node(), OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            long through = firstKept > 0 ? firstKept - 1
                    : scalar(c, "SELECT MAX(seq) FROM audit_event WHERE node = ?", chain.node(), null);
            return cut(c, chain, through, cutoff, actor, "older than " + cutoff);
        };
    }

    static AuditWriter.ChainTask<RetentionResult> keepNewest(long rows, String actor) {
        if (rows < 1) {
            throw new IllegalArgumentException("keep at least one record, or the chain has nothing to continue from");
        }
        return (c, chain) -> {
            long last = scalar(c, "SELECT MAX(seq) FROM audit_event WHERE node = ?", chain.node(), null);
            return cut(c, chain, last - rows, oldestKeptTime(c, chain.node(), last - rows), actor,
                    "keep newest " + rows + " records");
        };
    }

    /** The time of the oldest record of {@code node}'s chain a cut through {@code through} keeps. */
    private static Instant oldestKeptTime(Connection c, String node, long through) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT event_time FROM audit_event WHERE node = ? AND seq > ?"
                + " ORDER BY seq FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, node);
            ps.setLong(2, through);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : Instant.EPOCH;
            }
        }
    }

    /**
     * Deletes the chain through {@code through} and, in the same transaction, session recordings older than
     * {@code recordingsBefore} (a recording is audit evidence too, and kept as long as the audit). Recordings are the
     * fleet's, not one node's: a node's cut takes those older than its own oldest kept record.
     */
    private static RetentionResult cut(Connection c, AuditWriter.Chain chain, long through, Instant recordingsBefore,
                                       String actor, String policy) throws SQLException {
        int recorded = RecordingStore.cutOlderThan(c, recordingsBefore);
        long first = scalar(c, "SELECT MIN(seq) FROM audit_event WHERE node = ?", chain.node(), null);
        if (first == 0 || through < first) {
            return new RetentionResult(0, 0, 0, recorded);
        }
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_event WHERE node = ? AND seq = ?")) {
            ps.setString(1, chain.node());
            ps.setLong(2, through);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("record " + through + " is missing; run audit verify before retention");
                }
                lastHash = rs.getString(1).trim();
            }
        }
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_event WHERE node = ? AND seq <= ?")) {
            ps.setString(1, chain.node());
            ps.setLong(2, through);
            deleted = ps.executeUpdate();
        }
        AuditEvent event = AuditEvent.of(AuditEventType.RETENTION_CUT,
                        "retention removed " + deleted + " audit records through sequence " + through
                                + (recorded > 0 ? " and " + recorded + " recorded statements" : ""))
                .withActor(actor)
                .withDetails(AuditVerifier.cutDetails(through, lastHash, deleted, policy));
        return new RetentionResult(deleted, through, chain.append(event), recorded);
    }

    private static long scalar(Connection c, String sql, String node, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, node);
            if (param != null) {
                ps.setObject(2, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
