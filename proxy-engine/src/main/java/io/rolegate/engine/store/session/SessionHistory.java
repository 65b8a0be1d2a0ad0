package io.rolegate.engine.store.session;

import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.SessionQuery;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.RoleRows;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished sessions, for the console's history view: each recorded with this engine's node, and read fleet-wide
 * (every node's sessions in a shared store). Called off the event loop: every method does JDBC.
 */
public final class SessionHistory {
    private static final String COLUMNS = "id, session_id, user_name, directory_dn, client_address, application_name,"
            + " database_name, started_at, ended_at, bytes_in, bytes_out, messages_in, messages_out, queries,"
            + " end_reason, node";

    private static final RoleRows ROLES = new RoleRows("session_history_role", "history_id");

    private final ConnectionSource connections;
    /** The node recorded with each session; null for a reader, which records none. */
    private final String node;

    public SessionHistory(ConnectionSource connections, String node) {
        this.connections = connections;
        this.node = node;
    }

    public void record(SessionRecord s) {
        if (node == null) {
            throw new StoreException("this store was opened for reading only; session " + s.sessionId()
                    + " was not recorded");
        }
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            ROLES.insert(c, insertSession(c, s), s.roles());
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot record session " + s.sessionId() + " in history: " + e.getMessage(), e);
        }
    }

    private long insertSession(Connection c, SessionRecord s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_history (" + COLUMNS.substring(4)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setLong(1, s.sessionId());
            ps.setString(2, s.user());
            ps.setString(3, s.directoryDn());
            ps.setString(4, s.clientAddress());
            ps.setString(5, s.applicationName());
            ps.setString(6, s.database());
            ps.setObject(7, utc(s.start()));
            ps.setObject(8, utc(s.end()));
            ps.setLong(9, s.bytesIn());
            ps.setLong(10, s.bytesOut());
            ps.setLong(11, s.messagesIn());
            ps.setLong(12, s.messagesOut());
            ps.setLong(13, s.queries());
            ps.setString(14, s.endReason());
            ps.setString(15, node);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new session row");
                }
                return keys.getLong(1);
            }
        }
    }

    public List<SessionRecord> query(SessionQuery q) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM session_history WHERE 1=1");
        if (q.since() != null) {
            sql.append(" AND ended_at >= ?");
            params.add(utc(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND started_at < ?");
            params.add(utc(q.until()));
        }
        if (q.user() != null && !q.user().isEmpty()) {
            sql.append(" AND user_name = ?");
            params.add(q.user());
        }
        sql.append(" ORDER BY ended_at DESC, id DESC");
        if (q.limit() > 0) {
            sql.append(" FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
        }
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            Map<Long, ResultRow> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new ResultRow(rs));
                }
            }
            return withRoles(c, rows);
        } catch (SQLException e) {
            throw new StoreException("cannot read session history: " + e.getMessage(), e);
        }
    }

    private static List<SessionRecord> withRoles(Connection c, Map<Long, ResultRow> rows) throws SQLException {
        Map<Long, List<String>> roles = ROLES.read(c, rows);
        return rows.entrySet().stream().map(r -> r.getValue().toRecord(roles.get(r.getKey()))).toList();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** A row read before its roles, which come from the child table. */
    private record ResultRow(long sessionId, String user, String dn, String client, String app, String database,
                             Instant start, Instant end, long bytesIn, long bytesOut, long messagesIn,
                             long messagesOut, long queries, String endReason, String node) {
        ResultRow(ResultSet rs) throws SQLException {
            this(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
                    rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getLong(10), rs.getLong(11),
                    rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getString(15), rs.getString(16));
        }

        SessionRecord toRecord(List<String> roles) {
            return new SessionRecord(sessionId, user, dn, roles, client, app, database, start, end, bytesIn,
                    bytesOut, messagesIn, messagesOut, queries, endReason, node);
        }
    }
}
