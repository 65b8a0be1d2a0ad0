package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditEvent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Mapping between {@link AuditRecord} and a row of {@code audit_event}, kept in one place for writer and reader. */
final class AuditRows {
    static final String COLUMNS = "seq, event_time, event_type, actor, user_name, session_id, client_address,"
            + " sqlstate, message, details, prev_hash, hash, node";
    static final String INSERT = "INSERT INTO audit_event (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditRows() {
    }

    static void bind(PreparedStatement ps, AuditRecord r) throws SQLException {
        AuditEvent e = r.event();
        ps.setLong(1, r.sequence());
        ps.setObject(2, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        ps.setString(3, e.type().name());
        ps.setString(4, e.actor());
        ps.setString(5, e.user());
        ps.setString(6, e.sessionId());
        ps.setString(7, e.clientAddress());
        ps.setString(8, e.sqlstate());
        ps.setString(9, e.message());
        ps.setString(10, e.details());
        ps.setString(11, r.previousHash());
        ps.setString(12, r.hash());
        ps.setString(13, r.node());
    }

    /** Reads a row selected with {@link #COLUMNS} in that order. */
    static AuditRecord read(ResultSet rs) throws SQLException {
        AuditEvent e = new AuditEvent(
                AuditEventType.valueOf(rs.getString(3)),
                rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10));
        return new AuditRecord(rs.getLong(1), e, rs.getString(11).trim(), rs.getString(12).trim(), rs.getString(13));
    }
}
