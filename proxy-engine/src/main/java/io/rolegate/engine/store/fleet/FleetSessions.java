package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Every node's live sessions in a shared PostgreSQL store (decision 0028): one {@code fleet_session} row per session,
 * keyed (node, session id). A node writes its own rows, on change and in one transaction per second at most, over a
 * connection kept for the purpose; any node reads all of them. A node counts as live while it holds its name's
 * advisory lock ({@link NodeLock}) and published within {@link #GONE_AFTER_SECONDS} s: the rows of any other node are
 * not shown, and are deleted by whichever node notices first.
 */
public final class FleetSessions implements AutoCloseable {
    /** A node that has not published for this long shows no live sessions, even while its lock is held. */
    public static final int GONE_AFTER_SECONDS = 5;

    /**
     * The node is live: it holds its name's advisory lock (two-key form: classid, objid, objsubid 2) and published
     * recently. Expects the node's name in column {@code n.node} of fleet_node {@code n}.
     */
    static final String LIVE = "(n.sessions_at > now() - interval '" + GONE_AFTER_SECONDS + " seconds' AND EXISTS"
            + " (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.classid = CAST(" + NodeLock.LOCK_CLASS + " AS oid)"
            + " AND l.objid = CAST(hashtext(current_schema() || '/' || n.node) AS oid)))";

    /** One published session: what a DBA sees of it from another node. */
    public record Row(long sessionId, String user, String directoryDn, String database, List<String> roles,
                      String clientAddress, String applicationName, Instant started, String state, long bytesIn,
                      long bytesOut, long messagesIn, long messagesOut, Instant queryStarted) {
        public Row {
            roles = List.copyOf(roles);
        }
    }

    /** A node that ever opened the store: its number, whether it is live now, when it last published. */
    public record Node(String name, int number, boolean live, Instant publishedAt) {
    }

    /** Every node known to the store. */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("SELECT n.node,"
                + " n.node_number, " + LIVE + ", n.sessions_at FROM fleet_node n ORDER BY n.node");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(4);
                out.add(new Node(rs.getString(1), rs.getInt(2), rs.getBoolean(3), at == null ? null : at.toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the fleet's nodes from the store: " + e.getMessage(), e);
        }
        return out;
    }

    /** A row as read back, with the node it lives on. */
    public record Listed(String node, Row row) {
    }

    private final ConnectionSource connections;
    private final String node;
    private Connection kept;

    public FleetSessions(ConnectionSource connections, String node) {
        this.connections = connections;
        this.node = node;
    }

    /**
     * Writes what changed since the last call in one transaction: {@code changed} rows inserted or updated,
     * {@code ended} sessions deleted, and this node's {@code sessions_at} set to now (also with nothing changed: it
     * is the sign of life readers go by).
     *
     * @throws StoreException when the store cannot be reached (the caller sends the same difference again)
     */
    public synchronized void publish(Collection<Row> changed, Collection<Long> ended) {
        try {
            if (kept == null) {
                kept = connections.open();
            }
            kept.setAutoCommit(false);
            try {
                write(kept, changed, ended);
                kept.commit();
            } catch (SQLException e) {
                kept.rollback();
                throw e;
            }
        } catch (SQLException e) {
            StoreException failure = new StoreException("cannot publish node " + node + "'s live sessions: "
                    + e.getMessage(), e);
            dropKept(failure);
            throw failure;
        }
    }

    private void write(Connection c, Collection<Row> changed, Collection<Long> ended) throws SQLException {
        if (!ended.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM fleet_session WHERE node = ? AND session_id = ?")) {
                for (long id : ended) {
                    del.setString(1, node);
                    del.setLong(2, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement up = c.prepareStatement("INSERT INTO fleet_session (node, session_id, user_name,"
                    + " directory_dn, database_name, roles, client_address, application_name, started_at, state,"
                    + " bytes_in, bytes_out, messages_in, messages_out, query_started_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node, session_id) DO UPDATE"
                    + " SET state = EXCLUDED.state, bytes_in = EXCLUDED.bytes_in, bytes_out = EXCLUDED.bytes_out,"
                    + " messages_in = EXCLUDED.messages_in, messages_out = EXCLUDED.messages_out,"
                    + " query_started_at = EXCLUDED.query_started_at, roles = EXCLUDED.roles,"
                    + " application_name = EXCLUDED.application_name, directory_dn = EXCLUDED.directory_dn")) {
                for (Row r : changed) {
                    up.setString(1, node);
                    up.setLong(2, r.sessionId());
                    up.setString(3, r.user());
                    up.setString(4, r.directoryDn());
                    up.setString(5, r.database());
                    up.setString(6, String.join("\n", r.roles()));
                    up.setString(7, r.clientAddress());
                    up.setString(8, r.applicationName());
                    up.setTimestamp(9, Timestamp.from(r.started()));
                    up.setString(10, r.state());
                    up.setLong(11, r.bytesIn());
                    up.setLong(12, r.bytesOut());
                    up.setLong(13, r.messagesIn());
                    up.setLong(14, r.messagesOut());
                    up.setTimestamp(15, r.queryStarted() == null ? null : Timestamp.from(r.queryStarted()));
                    up.addBatch();
                }
                up.executeBatch();
            }
        }
        try (PreparedStatement seen = c.prepareStatement(
                "UPDATE fleet_node SET sessions_at = now() WHERE node = ?")) {
            seen.setString(1, node);
            seen.executeUpdate();
        }
    }

    /** Deletes every row of this node: at start (a previous life's), and at a clean stop. */
    public void clearOwn() {
        update("DELETE FROM fleet_session WHERE node = ?", node);
    }

    /** Deletes the rows of every node that is gone; returns how many. Any node may, several at once do no harm. */
    public int pruneGone() {
        return update("DELETE FROM fleet_session s WHERE s.node <> ? AND NOT EXISTS (SELECT 1 FROM fleet_node n"
                + " WHERE n.node = s.node AND " + LIVE + ")", node);
    }

    /** The live sessions of every live node (this one's included, as last published), by node and session id. */
    public List<Listed> live() {
        List<Listed> out = new ArrayList<>();
        // the live nodes first, once (pg_locks is read once, not per session row)
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("WITH live AS MATERIALIZED"
                + " (SELECT n.node FROM fleet_node n WHERE " + LIVE + ") SELECT s.node,"
                + " s.session_id, s.user_name, s.directory_dn, s.database_name, s.roles, s.client_address,"
                + " s.application_name, s.started_at, s.state, s.bytes_in, s.bytes_out, s.messages_in,"
                + " s.messages_out, s.query_started_at FROM fleet_session s JOIN live ON live.node = s.node"
                + " ORDER BY s.node, s.session_id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String roles = rs.getString(6);
                Timestamp query = rs.getTimestamp(15);
                out.add(new Listed(rs.getString(1), new Row(rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), roles.isEmpty() ? List.of() : Arrays.asList(roles.split("\n")),
                        rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getString(10),
                        rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
                        query == null ? null : query.toInstant())));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the fleet's live sessions from the store: " + e.getMessage(), e);
        }
        return out;
    }

    private int update(String sql, String param) {
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, param);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update the fleet's live sessions: " + e.getMessage(), e);
        }
    }

    private void dropKept(StoreException failure) {
        if (kept != null) {
            try {
                kept.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            kept = null;
        }
    }

    @Override
    public synchronized void close() {
        if (kept != null) {
            StoreException none = new StoreException("closing", null);
            dropKept(none);
        }
    }
}
