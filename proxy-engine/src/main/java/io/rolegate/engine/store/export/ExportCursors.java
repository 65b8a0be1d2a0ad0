package io.rolegate.engine.store.export;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * The durable cursor of each SIEM exporter: the last audit sequence its receiver acknowledged. A cursor only moves
 * forward, even if two engines sharing a store export under the same name (both send; neither moves it back).
 */
public final class ExportCursors {
    private final ConnectionSource connections;

    public ExportCursors(ConnectionSource connections) {
        this.connections = connections;
    }

    /** The last acknowledged sequence; empty for an exporter that never delivered anything. */
    public OptionalLong read(String exporter) {
        try (Connection c = connections.open();
             PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM export_cursor WHERE exporter = ?")) {
            ps.setString(1, exporter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the cursor of exporter " + exporter + ": " + e.getMessage(), e);
        }
    }

    /** Moves the cursor to {@code sequence} (never back), committed before this returns. */
    public void advance(String exporter, long sequence) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement up = c.prepareStatement("UPDATE export_cursor SET last_seq = ?,"
                        + " updated_at = ? WHERE exporter = ? AND last_seq < ?")) {
                    up.setLong(1, sequence);
                    up.setObject(2, now);
                    up.setString(3, exporter);
                    up.setLong(4, sequence);
                    updated = up.executeUpdate();
                }
                if (updated == 0 && !exists(c, exporter)) {
                    try (PreparedStatement in = c.prepareStatement(
                            "INSERT INTO export_cursor (exporter, last_seq, updated_at) VALUES (?, ?, ?)")) {
                        in.setString(1, exporter);
                        in.setLong(2, sequence);
                        in.setObject(3, now);
                        in.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot move the cursor of exporter " + exporter + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String exporter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM export_cursor WHERE exporter = ?")) {
            ps.setString(1, exporter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
