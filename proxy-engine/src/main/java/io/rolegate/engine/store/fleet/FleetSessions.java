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
 * keyed (node, session id). A node writes its own rows, on change and in one transaction per second at most
 * ({@link FleetPublication}); any node reads all of them. A node counts as live while it holds its name's
 * advisory lock ({@link NodeLock}) and its heartbeat wrote {@code fleet_node.sessions_at} within
 * {@link #GONE_AFTER_SECONDS} s (decision 0035: the heartbeat, not the publication, so a slow publication does not
 * make a live node look gone): the rows of any other node are not shown, and are deleted by whichever node notices
 * first.
 */
public final class FleetSessions implements AutoCloseable {
    /** A node whose heartbeat stopped this long ago shows no live sessions, even while its lock is held. */
    public static final int GONE_AFTER_SECONDS = 5;

    /**
     * The node is live: it holds its name's advisory lock (two-key form: classid, objid, objsubid 2) and its heartbeat
     * wrote {@code sessions_at} recently. Expects the node's name in column {@code n.node} of fleet_node {@code n}.
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

    /** A node that ever opened the store: its number, whether it is live now, its latest heartbeat. */
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

    public FleetSessions(ConnectionSource connections, String node) {
        this.connections = connections;
        this.node = node;
    }

    /**
     * Writes what changed since the last call in one transaction: {@code changed} rows inserted or updated whole,
     * {@code counters} rows' byte and message counts updated (the rows exist), {@code ended} sessions deleted. Three
     * statements at most, whatever the number of rows (arrays bound as parameters). The node's sign of life is not
     * written here but by its heartbeat ({@link NodeLock}), so a slow publication never makes a live node look gone.
     *
     * @throws StoreException when the store cannot be reached (the caller sends the same difference again)
     */
    public void publish(Collection<Row> changed, Collection<Row> counters, Collection<Long> ended) {
        if (changed.isEmpty() && counters.isEmpty() && ended.isEmpty()) {
            return;
        }
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try {
                delete(c, ended);
                upsert(c, changed);
                count(c, counters);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot publish node " + node + "'s live sessions: " + e.getMessage(), e);
        }
    }

    /** As {@link #publish(Collection, Collection, Collection)} with every changed row written whole. */
    public void publish(Collection<Row> changed, Collection<Long> ended) {
        publish(changed, List.of(), ended);
    }

    private void delete(Connection c, Collection<Long> ended) throws SQLException {
        if (ended.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM fleet_session WHERE node = ? AND session_id = ANY (?)")) {
            del.setString(1, node);
            del.setArray(2, c.createArrayOf("bigint", ended.toArray(Long[]::new)));
            del.executeUpdate();
        }
    }

    /** Binds a publication's rows to one statement's array parameters. */
    private interface Binder {
        void bind(PreparedStatement st, List<Row> rows) throws SQLException;
    }

    /** Runs {@code sql} once for all of {@code rows} (nothing when there are none). */
    private static void once(Connection c, Collection<Row> rows, String sql, Binder binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st, List.copyOf(rows));
            st.executeUpdate();
        }
    }

    private void upsert(Connection c, Collection<Row> changed) throws SQLException {
        once(c, changed, "INSERT INTO fleet_session (node, session_id, user_name,"
                + " directory_dn, database_name, roles, client_address, application_name, started_at, state,"
                + " bytes_in, bytes_out, messages_in, messages_out, query_started_at) SELECT ?, v.* FROM unnest("
                + "CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
                + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS text[]),"
                + " CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]),"
                + " CAST(? AS timestamptz[])) AS v"
                + " ON CONFLICT (node, session_id) DO UPDATE"
                + " SET state = EXCLUDED.state, bytes_in = EXCLUDED.bytes_in, bytes_out = EXCLUDED.bytes_out,"
                + " messages_in = EXCLUDED.messages_in, messages_out = EXCLUDED.messages_out,"
                + " query_started_at = EXCLUDED.query_started_at, roles = EXCLUDED.roles,"
                + " application_name = EXCLUDED.application_name, directory_dn = EXCLUDED.directory_dn",
                (up, rows) -> {
            up.setString(1, node);
            up.setArray(2, c.createArrayOf("bigint", rows.stream().map(Row::sessionId).toArray(Long[]::new)));
            text(c, up, 3, rows, Row::user);
            text(c, up, 4, rows, Row::directoryDn);
            text(c, up, 5, rows, Row::database);
            text(c, up, 6, rows, r -> String.join("\n", r.roles()));
            text(c, up, 7, rows, Row::clientAddress);
            text(c, up, 8, rows, Row::applicationName);
            up.setArray(9, c.createArrayOf("timestamptz", rows.stream().map(r -> Timestamp.from(r.started()))
                    .toArray(Timestamp[]::new)));
            text(c, up, 10, rows, Row::state);
            counts(c, up, 11, rows);
            up.setArray(15, c.createArrayOf("timestamptz", rows.stream().map(r -> r.queryStarted() == null ? null
                    : Timestamp.from(r.queryStarted())).toArray(Timestamp[]::new)));
        });
    }

    /** The byte and message counts of rows this node published before: one UPDATE for all of them. */
    private void count(Connection c, Collection<Row> counters) throws SQLException {
        once(c, counters, "UPDATE fleet_session s SET bytes_in = v.bi,"
                + " bytes_out = v.bo, messages_in = v.mi, messages_out = v.mo FROM unnest(CAST(? AS bigint[]),"
                + " CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]))"
                + " AS v (id, bi, bo, mi, mo) WHERE s.node = ? AND s.session_id = v.id", (up, rows) -> {
            up.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::sessionId).toArray(Long[]::new)));
            counts(c, up, 2, rows);
            up.setString(6, node);
        });
    }

    private static void text(Connection c, PreparedStatement st, int index, List<Row> rows,
                             java.util.function.Function<Row, String> field) throws SQLException {
        st.setArray(index, c.createArrayOf("text", rows.stream().map(field).toArray(String[]::new)));
    }

    /** Bytes in, bytes out, messages in, messages out as four arrays from parameter {@code first} on. */
    private static void counts(Connection c, PreparedStatement st, int first, List<Row> rows) throws SQLException {
        List<java.util.function.ToLongFunction<Row>> fields = List.of(Row::bytesIn, Row::bytesOut, Row::messagesIn,
                Row::messagesOut);
        for (int i = 0; i < fields.size(); i++) {
            var field = fields.get(i);
            st.setArray(first + i, c.createArrayOf("bigint", rows.stream().map(r -> field.applyAsLong(r))
                    .toArray(Long[]::new)));
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

    /** Nothing is kept open: every call takes a connection of the store's pool for itself. */
    @Override
    public void close() {
        // nothing held
    }
}
