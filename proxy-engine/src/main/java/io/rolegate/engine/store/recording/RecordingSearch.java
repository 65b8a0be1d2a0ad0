package io.rolegate.engine.store.recording;

import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads recordings: search by user, role, time, statement text and SQLSTATE; one recording's statements in order. */
public final class RecordingSearch {
    private static final String RECORDING_COLUMNS = "r.id, r.session_id, r.user_name, r.directory_dn,"
            + " r.client_address, r.application_name, r.database_name, r.started_at, r.ended_at, r.reason, r.capture,"
            + " r.dropped,"
            + " (SELECT COUNT(*) FROM recorded_statement s WHERE s.recording_id = r.id),"
            + " (SELECT COUNT(*) FROM recorded_statement s WHERE s.recording_id = r.id AND s.sqlstate IS NOT NULL)";
    private static final String STATEMENT_COLUMNS = "recording_id, ordinal, started_at, duration_micros,"
            + " statement_text, protocol, command_tag, row_count, sqlstate, error_message, transaction_no, boundary,"
            + " failed_transaction";

    private final ConnectionSource connections;

    RecordingSearch(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Recordings matching {@code q}, newest start first. */
    public List<Recording> find(RecordingQuery q) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + RECORDING_COLUMNS + " FROM recorded_session r WHERE 1=1");
        if (q.since() != null) {
            sql.append(" AND (r.ended_at IS NULL OR r.ended_at >= ?)");
            params.add(RecordingStore.utc(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND r.started_at < ?");
            params.add(RecordingStore.utc(q.until()));
        }
        if (q.user() != null) {
            sql.append(" AND LOWER(r.user_name) = ?");
            params.add(q.user().toLowerCase(Locale.ROOT));
        }
        if (q.role() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM recorded_session_role x WHERE x.recording_id = r.id"
                    + " AND LOWER(x.role_name) = ?)");
            params.add(q.role().toLowerCase(Locale.ROOT));
        }
        if (q.text() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM recorded_statement s WHERE s.recording_id = r.id"
                    + " AND LOWER(s.statement_text) LIKE ? ESCAPE '\\')");
            params.add("%" + likeEscaped(q.text().toLowerCase(Locale.ROOT)) + "%");
        }
        if (q.sqlState() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM recorded_statement s WHERE s.recording_id = r.id"
                    + " AND s.sqlstate LIKE ?)");
            params.add(q.sqlState().toUpperCase(Locale.ROOT) + (q.sqlState().length() < 5 ? "%" : ""));
        }
        sql.append(" ORDER BY r.started_at DESC, r.id DESC");
        if (q.limit() > 0) {
            sql.append(" FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
        }
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            Map<Long, Row> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new Row(rs));
                }
            }
            return withRoles(c, rows);
        } catch (SQLException e) {
            throw new StoreException("cannot search the session recordings: " + e.getMessage(), e);
        }
    }

    public Optional<Recording> get(long id) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + RECORDING_COLUMNS + " FROM recorded_session r WHERE r.id = ?")) {
            ps.setLong(1, id);
            Map<Long, Row> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rows.put(id, new Row(rs));
                }
            }
            return withRoles(c, rows).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("cannot read recording " + id + ": " + e.getMessage(), e);
        }
    }

    /** The statements of recording {@code id} in the order the server ran them. */
    public List<RecordedStatement> statements(long id) {
        List<RecordedStatement> out = new ArrayList<>();
        statements(id, out::add);
        return out;
    }

    /** Streams the statements of recording {@code id}, in order, to {@code each} (an export of any length). */
    public void statements(long id, Consumer<RecordedStatement> each) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement("SELECT "
                + STATEMENT_COLUMNS + " FROM recorded_statement WHERE recording_id = ? ORDER BY ordinal")) {
            ps.setLong(1, id);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(statement(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the statements of recording " + id + ": " + e.getMessage(), e);
        }
    }

    private static RecordedStatement statement(ResultSet rs) throws SQLException {
        long rows = rs.getLong(8);
        Long rowCount = rs.wasNull() ? null : rows;
        String boundary = rs.getString(12);
        return new RecordedStatement(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rowCount, rs.getString(9), rs.getString(10), rs.getLong(11),
                boundary == null ? null : RecordedStatement.Boundary.valueOf(boundary), rs.getBoolean(13));
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<Recording> withRoles(Connection c, Map<Long, Row> rows) throws SQLException {
        Map<Long, List<String>> roles = RecordingStore.ROLES.read(c, rows);
        return rows.entrySet().stream().map(r -> r.getValue().toRecording(roles.get(r.getKey()))).toList();
    }

    /** A row read before its roles, which come from the child table. */
    private record Row(long id, long sessionId, String user, String dn, String client, String app, String database,
                       Instant started, Instant ended, String reason, String capture, long dropped, long statements,
                       long errors) {
        Row(ResultSet rs) throws SQLException {
            this(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10), rs.getString(11),
                    rs.getLong(12), rs.getLong(13), rs.getLong(14));
        }

        Recording toRecording(List<String> roles) {
            return new Recording(id, sessionId, user, dn, roles, client, app, database, started, ended, reason,
                    capture, statements, errors, dropped);
        }
    }
}
