package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an {@link AuditQuery} into portable SQL and streams the matching records. */
final class AuditReader {
    interface RecordSink {
        void accept(AuditRecord r) throws java.io.IOException;
    }

    private AuditReader() {
    }

    /**
     * Streams the records matching {@code q}; with {@code beforeSequence} (null: no bound) only those below it: the
     * next page of a newest-first listing, found through the primary key rather than OFFSET, so page 500 costs
     * what page 1 does.
     */
    static void read(Connection c, AuditQuery q, Long beforeSequence, RecordSink sink)
            throws SQLException, java.io.IOException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditRows.COLUMNS).append(" FROM audit_event WHERE 1=1");
        if (beforeSequence != null) {
            sql.append(" AND seq < ?");
            params.add(beforeSequence);
        }
        where(q, sql, params);
        // Newest first (the console's pages): by sequence, the chains of a fleet side by side. Oldest first (exports):
        // chain by chain, each in order, so an exported file can be checked chain by chain.
        sql.append(q.newestFirst() ? " ORDER BY seq DESC, node" : " ORDER BY node, seq");
        if (q.limit() > 0) {
            sql.append(" FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
        }
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(AuditRows.read(rs));
            }
        }
    }

    /**
     * Up to {@code limit} records of {@code node}'s chain with a sequence above {@code sequence}, oldest first: an
     * exporter's next batch (through the primary key (node, seq)).
     */
    static void readAfter(Connection c, String node, long sequence, int limit, RecordSink sink)
            throws SQLException, java.io.IOException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditRows.COLUMNS
                + " FROM audit_event WHERE node = ? AND seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, node);
            ps.setLong(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(AuditRows.read(rs));
                }
            }
        }
    }

    /** How many records match the query's filters (its limit and order are ignored). */
    static long count(Connection c, AuditQuery q) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM audit_event WHERE 1=1");
        where(q, sql, params);
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, StringBuilder sql, List<Object> params)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static void where(AuditQuery q, StringBuilder sql, List<Object> params) {
        if (q.since() != null) {
            sql.append(" AND event_time >= ?");
            params.add(OffsetDateTime.ofInstant(q.since(), ZoneOffset.UTC));
        }
        if (q.until() != null) {
            sql.append(" AND event_time < ?");
            params.add(OffsetDateTime.ofInstant(q.until(), ZoneOffset.UTC));
        }
        if (q.user() != null && !q.user().isEmpty()) {
            sql.append(" AND user_name = ?");
            params.add(q.user());
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND event_type IN (").append("?,".repeat(q.types().size() - 1)).append("?)");
            q.types().stream().map(Enum::name).sorted().forEach(params::add);
        }
        if (q.text() != null && !q.text().isEmpty()) {
            sql.append(" AND (LOWER(message) LIKE ? ESCAPE '!' OR LOWER(details) LIKE ? ESCAPE '!')");
            String pattern = "%" + likeEscape(q.text().toLowerCase(Locale.ROOT)) + "%";
            params.add(pattern);
            params.add(pattern);
        }
    }

    /** '!' as the escape character: a backslash means different things in different SQL dialects' literals. */
    private static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
