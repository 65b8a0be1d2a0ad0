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
 * The durable cursors of the SIEM exporters: per exporter and node, the last sequence of that node's audit chain the
 * exporter's receiver acknowledged. Each engine of a fleet exports its own chain, so engines exporting under one name
 * never share a cursor. A cursor only moves forward, even if two engines were to advance the same one.
 */
public final class ExportCursors {
    private final ConnectionSource connections;

    public ExportCursors(ConnectionSource connections) {
        this.connections = connections;
    }

    /** The last acknowledged sequence of {@code node}'s chain; empty if the exporter never delivered any of it. */
    public OptionalLong read(String exporter, String node) {
        try (Connection c = connections.open();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT last_seq FROM export_cursor WHERE exporter = ? AND node = ?")) {
            ps.setString(1, exporter);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the cursor of exporter " + exporter + " on node " + node + ": "
                    + e.getMessage(), e);
        }
    }

    /** Moves the cursor of {@code node}'s chain to {@code sequence} (never back), committed before this returns. */
    public void advance(String exporter, String node, long sequence) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement up = c.prepareStatement("UPDATE export_cursor SET last_seq = ?,"
                        + " updated_at = ? WHERE exporter = ? AND node = ? AND last_seq < ?")) {
                    up.setLong(1, sequence);
                    up.setObject(2, now);
                    up.setString(3, exporter);
                    up.setString(4, node);
                    up.setLong(5, sequence);
                    updated = up.executeUpdate();
                }
                if (updated == 0 && !exists(c, exporter, node)) {
                    try (PreparedStatement in = c.prepareStatement("INSERT INTO export_cursor"
                            + " (exporter, node, last_seq, updated_at) VALUES (?, ?, ?, ?)")) {
                        in.setString(1, exporter);
                        in.setString(2, node);
                        in.setLong(3, sequence);
                        in.setObject(4, now);
                        in.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot move the cursor of exporter " + exporter + " on node " + node + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String exporter, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM export_cursor WHERE exporter = ? AND node = ?")) {
            ps.setString(1, exporter);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
