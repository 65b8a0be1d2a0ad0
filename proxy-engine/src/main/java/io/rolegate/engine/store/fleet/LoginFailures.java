package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Login throttling counted in a shared PostgreSQL store (decision 0012 across a fleet): one {@code login_failure}
 * row per password check admitted toward the directory that has not succeeded, keyed like the engine's own throttle
 * (a digest of the folded user name, or the source address), so all nodes together let through at most the limit
 * per window. Only checks that reach the directory touch the store: an answer from the login cache does not.
 * Admissions, their outcomes and the snapshot of other nodes' counts each take a connection of the store's pool (a
 * new PostgreSQL connection per login would cost more than the statements); admissions of one key take turns across
 * the fleet by an advisory lock, so admissions of different keys run side by side.
 */
public final class LoginFailures implements AutoCloseable {
    /** First half of the transaction-level advisory lock that serialises admissions of one key across the fleet. */
    static final int LOCK_CLASS = 0x5247544C; // "RGTL"

    /** A key's failures within the window: how many, and when the oldest happened. */
    public record Count(int count, Instant oldest) {
    }

    /** An admitted attempt's rows by key and each key's count over the fleet, this attempt included. */
    public record Admitted(Map<String, Count> counts, Map<String, Long> rows) {
    }

    private final ConnectionSource connections;
    private final String node;

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public LoginFailures(ConnectionSource connections, String node) {
        this.connections = connections;
        this.node = node;
    }

    /**
     * Counts an attempt for every key and returns the fleet's counts within {@code window}, this attempt included.
     * Admissions of the same key on different nodes take turns (an advisory lock for the transaction), so two nodes
     * cannot both see room for the last attempt.
     *
     * @throws StoreException when the store cannot be reached
     */
    public Admitted admit(List<String> keys, Instant now, Duration window) {
        List<String> ordered = keys.stream().sorted().distinct().toList(); // one lock order: no deadlock
        return pooled("cannot count the login attempt in the shared store", c -> {
            c.setAutoCommit(false);
            try {
                lock(c, ordered);
                Map<String, Long> rows = new java.util.LinkedHashMap<>();
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO login_failure (throttle_key, node,"
                        + " failed_at) VALUES (?, ?, ?)", new String[] {"id"})) {
                    for (String key : ordered) {
                        ins.setString(1, key);
                        ins.setString(2, node);
                        ins.setObject(3, utc(now));
                        ins.executeUpdate();
                        try (ResultSet id = ins.getGeneratedKeys()) {
                            id.next();
                            rows.put(key, id.getLong(1));
                        }
                    }
                }
                Map<String, Count> counts = counts(c, ordered, now.minus(window));
                c.commit();
                return new Admitted(counts, rows);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
    }

    /** Runs {@code work} on a connection of the store's pool, given back (rolled back if need be) afterwards. */
    private <T> T pooled(String failure, Work<T> work) {
        try (Connection c = connections.open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(failure + ": " + e.getMessage(), e);
        }
    }

    /** Nothing is held between calls. */
    @Override
    public void close() {
        // every call gave its connection back
    }

    private static void lock(Connection c, List<String> keys) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            for (String key : keys) {
                st.setInt(1, LOCK_CLASS);
                st.setString(2, key);
                st.execute();
            }
        }
    }

    private static Map<String, Count> counts(Connection c, List<String> keys, Instant since) throws SQLException {
        Map<String, Count> out = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*), MIN(failed_at) FROM login_failure"
                + " WHERE throttle_key = ? AND failed_at > ?")) {
            for (String key : keys) {
                st.setString(1, key);
                st.setObject(2, utc(since));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
                    out.put(key, new Count(rs.getInt(1), oldest == null ? null : oldest.toInstant()));
                }
            }
        }
        return out;
    }

    /** Gives attempts back: the directory could not answer, the fleet's limit refused them, or a source's success. */
    public void withdraw(java.util.Collection<Long> rows) {
        if (rows.isEmpty()) {
            return;
        }
        update("DELETE FROM login_failure WHERE id IN (" + "?,".repeat(rows.size() - 1) + "?)", rows.toArray());
    }

    /** A right password: the key's failures are forgotten on every node. */
    public void clear(String key) {
        update("DELETE FROM login_failure WHERE throttle_key = ?", key);
    }

    /** Deletes what left the window; any node may, more than one at once does no harm. */
    public void prune(Instant before) {
        update("DELETE FROM login_failure WHERE failed_at <= ?", utc(before));
    }

    /**
     * The failures other nodes counted since {@code since}, per key, at most {@code max} keys (the most failed
     * first): what this node adds to its own counts before it asks for a password.
     */
    public Map<String, Count> elsewhere(Instant since, int max) {
        Map<String, Count> out = new HashMap<>();
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("SELECT throttle_key,"
                + " COUNT(*), MIN(failed_at) FROM login_failure WHERE failed_at > ? AND node <> ?"
                + " GROUP BY throttle_key ORDER BY COUNT(*) DESC FETCH FIRST " + Math.max(1, max) + " ROWS ONLY")) {
            st.setObject(1, utc(since));
            st.setString(2, node);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Count(rs.getInt(2), rs.getObject(3, OffsetDateTime.class)
                            .toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the fleet's failed logins: " + e.getMessage(), e);
        }
        return out;
    }

    private void update(String sql, Object... params) {
        pooled("cannot update the fleet's failed logins", c -> {
            c.setAutoCommit(true);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    st.setObject(i + 1, params[i]);
                }
                return st.executeUpdate();
            }
        });
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
