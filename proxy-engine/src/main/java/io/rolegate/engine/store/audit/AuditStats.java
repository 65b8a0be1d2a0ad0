package io.rolegate.engine.store.audit;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How long the committed audit chain is, cheaply (no hashing): for metrics, not for trust. */
public record AuditStats(long records, long lastSequence) {

    public static AuditStats read(ConnectionSource connections) {
        try (Connection c = connections.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_event")) {
            rs.next();
            return new AuditStats(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new StoreException("cannot count the audit records: " + e.getMessage(), e);
        }
    }
}
