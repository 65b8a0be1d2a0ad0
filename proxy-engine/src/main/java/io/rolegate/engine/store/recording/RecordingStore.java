package io.rolegate.engine.store.recording;

import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.RoleRows;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes session recordings: a recording opens (its identity), gains statements, and closes. Called from the one
 * recording writer thread, a batch at a time in one transaction, never from an event loop.
 */
public final class RecordingStore {
    /** One step of a batch, in order. */
    public sealed interface Write permits Open, Add, Rename, Close {
    }

    /** The session's application_name changed (a SET after login, as pgjdbc does). */
    public record Rename(Ref ref, String applicationName) implements Write {
    }

    /** A recording starts; its id is filled into {@code ref} once inserted. */
    public record Open(Ref ref, Recording recording) implements Write {
    }

    /** A statement of an open recording ({@code statement.recordingId()} is ignored: {@code ref} names it). */
    public record Add(Ref ref, RecordedStatement statement) implements Write {
    }

    /** The session ended; {@code dropped} statements of it were never queued. */
    public record Close(Ref ref, Instant ended, long dropped) implements Write {
    }

    /** A recording's id, known once its Open was written; 0 before (or when the Open failed). */
    public static final class Ref {
        private volatile long id;

        public long id() {
            return id;
        }
    }

    static final RoleRows ROLES = new RoleRows("recorded_session_role", "recording_id");

    private final ConnectionSource connections;

    public RecordingStore(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Reads and searches over the same store. */
    public RecordingSearch search() {
        return new RecordingSearch(connections);
    }

    /** Writes {@code writes} in one transaction; statements of a recording whose Open never succeeded are skipped. */
    public void write(List<Write> writes) {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement add = c.prepareStatement("INSERT INTO recorded_statement (recording_id, ordinal,"
                    + " started_at, duration_micros, statement_text, protocol, command_tag, row_count, sqlstate,"
                    + " error_message, transaction_no, boundary, failed_transaction)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                boolean pending = false;
                for (Write w : writes) {
                    if (w instanceof Add a) {
                        pending |= bindStatement(add, a);
                        continue;
                    }
                    if (pending) {
                        add.executeBatch();
                        pending = false;
                    }
                    if (w instanceof Open o) {
                        o.ref().id = insertRecording(c, o.recording());
                    } else if (w instanceof Close cl && cl.ref().id() != 0) {
                        close(c, cl);
                    } else if (w instanceof Rename r && r.ref().id() != 0) {
                        rename(c, r);
                    }
                }
                if (pending) {
                    add.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException e) {
            for (Write w : writes) {
                if (w instanceof Open o) {
                    o.ref().id = 0; // rolled back with the rest
                }
            }
            throw new StoreException("cannot write " + writes.size() + " recording step(s): " + e.getMessage(), e);
        }
    }

    private static boolean bindStatement(PreparedStatement ps, Add a) throws SQLException {
        long id = a.ref().id();
        if (id == 0) {
            return false;
        }
        RecordedStatement s = a.statement();
        ps.setLong(1, id);
        ps.setLong(2, s.ordinal());
        ps.setObject(3, utc(s.started()));
        ps.setLong(4, s.durationMicros());
        ps.setString(5, s.text());
        ps.setString(6, s.protocol());
        ps.setString(7, s.command());
        if (s.rows() == null) {
            ps.setNull(8, Types.BIGINT);
        } else {
            ps.setLong(8, s.rows());
        }
        ps.setString(9, s.sqlState());
        ps.setString(10, s.error());
        ps.setLong(11, s.transaction());
        ps.setString(12, s.boundary() == null ? null : s.boundary().name());
        ps.setBoolean(13, s.failedTransaction());
        ps.addBatch();
        return true;
    }

    private static long insertRecording(Connection c, Recording r) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recorded_session (session_id, user_name,"
                + " directory_dn, client_address, application_name, database_name, started_at, reason, capture,"
                + " dropped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", new String[] {"id"})) {
            ps.setLong(1, r.sessionId());
            ps.setString(2, r.user());
            ps.setString(3, r.directoryDn());
            ps.setString(4, r.clientAddress());
            ps.setString(5, r.applicationName());
            ps.setString(6, r.database());
            ps.setObject(7, utc(r.started()));
            ps.setString(8, r.reason());
            ps.setString(9, r.capture());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new recording");
                }
                id = keys.getLong(1);
            }
        }
        ROLES.insert(c, id, r.roles());
        return id;
    }

    private static void rename(Connection c, Rename r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE recorded_session SET application_name = ? WHERE id = ?")) {
            ps.setString(1, r.applicationName());
            ps.setLong(2, r.ref().id());
            ps.executeUpdate();
        }
    }

    private static void close(Connection c, Close cl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE recorded_session SET ended_at = ?, dropped = dropped + ? WHERE id = ?")) {
            ps.setObject(1, utc(cl.ended()));
            ps.setLong(2, cl.dropped());
            ps.setLong(3, cl.ref().id());
            ps.executeUpdate();
        }
    }

    /**
     * Deletes what is older than {@code cut} on the retention's own connection and transaction: statements that
     * started before it, and recordings that ended before it. Returns the statements deleted.
     */
    public static int cutOlderThan(Connection c, Instant cut) throws SQLException {
        int statements;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM recorded_statement WHERE started_at < ?")) {
            ps.setObject(1, utc(cut));
            statements = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM recorded_session WHERE ended_at IS NOT NULL AND ended_at < ?")) {
            ps.setObject(1, utc(cut));
            ps.executeUpdate();
        }
        return statements;
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
