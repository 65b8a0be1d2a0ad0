package io.rolegate.engine.store.audit;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How long the committed audit chain is, cheaply (no hashing): for metrics, not for trust. */
public record AuditStats(long records, long lastSequence) {

    /**
     * Reads the figures, giving up after {@code timeoutSeconds} (a status page must not wait behind a lock on the
     * audit table, e.g. {@code LOCK TABLE audit_event} or a retention cut, holding a store connection meanwhile).
     *
     * @throws StoreException when the store refused or did not answer in time
     */
    public static AuditStats read(ConnectionSource connections, int timeoutSeconds) {
        try (Connection c = connections.open(); Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM audit_event")) {
                rs.next();
                return new AuditStats(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the audit records: " + e.getMessage(), e);
        }
    }
}
