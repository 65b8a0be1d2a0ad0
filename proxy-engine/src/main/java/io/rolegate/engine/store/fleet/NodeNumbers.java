package io.rolegate.engine.store.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A number per node name on a shared store, 1 to {@value #MAX}: the high bits of the process id in every
 * BackendKeyData the node issues, so whichever node a CancelRequest reaches knows which node issued the key
 * (decision 0028). Assigned once per name and kept; when all are taken, the number of the node gone longest (its lock
 * free) is taken over.
 */
final class NodeNumbers {
    /** 9 bits above a 22-bit backend pid still make a positive 32-bit process id. */
    static final int MAX = 511;

    private NodeNumbers() {
    }

    /** This node's number, assigning one when it has none; called while holding the node's lock. */
    static int assign(Connection c, String node) throws SQLException {
        Integer held = held(c, node);
        if (held != null) {
            return held;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("LOCK TABLE fleet_node IN SHARE ROW EXCLUSIVE MODE")) {
            lock.execute();
            Integer free = first(c, "SELECT MIN(g) FROM generate_series(1, " + MAX + ") g WHERE NOT EXISTS"
                    + " (SELECT 1 FROM fleet_node WHERE node_number = g)", null);
            if (free == null) {
                // every number taken: the node gone longest gives its number up (its lock is free: not running)
                free = first(c, "SELECT n.node_number FROM fleet_node n WHERE n.node <> ? AND n.node_number IS NOT"
                        + " NULL AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND"
                        + " l.granted AND l.objsubid = 2 AND l.classid = CAST(" + NodeLock.LOCK_CLASS + " AS oid)"
                        + " AND l.objid = CAST(hashtext(current_schema() || '/' || n.node) AS oid))"
                        + " ORDER BY n.last_seen FETCH FIRST 1 ROWS ONLY", node);
                if (free == null) {
                    throw new SQLException("all " + MAX + " node numbers are held by running nodes");
                }
                set(c, "UPDATE fleet_node SET node_number = NULL WHERE node_number = ?", free, null);
            }
            set(c, "UPDATE fleet_node SET node_number = ? WHERE node = ?", free, node);
            c.commit();
            return free;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static Integer held(Connection c, String node) throws SQLException {
        return first(c, "SELECT node_number FROM fleet_node WHERE node = ?", node);
    }

    private static Integer first(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (param != null) {
                st.setString(1, param);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int n = rs.getInt(1);
                return rs.wasNull() ? null : n;
            }
        }
    }

    private static void set(Connection c, String sql, int number, String node) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, number);
            if (node != null) {
                st.setString(2, node);
            }
            st.executeUpdate();
        }
    }
}
