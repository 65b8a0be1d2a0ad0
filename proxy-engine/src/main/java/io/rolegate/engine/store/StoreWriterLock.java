package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Migrations of a shared PostgreSQL store run one engine at a time. Engines of a fleet start together; each takes
 * a session-level advisory lock keyed by the schema the store lives in before migrating and lets go right after,
 * so no script runs twice. (Until the fleet change this lock was held for the engine's life and kept every second
 * engine out, decision 0005; an engine of that version still does, so a lock held for long names it.)
 */
final class StoreWriterLock {
    /** First half of the advisory lock key: says "Rolegate store" to anyone reading pg_locks. */
    static final int LOCK_CLASS = 0x52474154; // "RGAT"
    /** How long a starting engine waits for another one's migration. */
    static final long WAIT_MILLIS = 60_000;

    private StoreWriterLock() {
    }

    /** True for URLs where the lock is taken; H2 stores are guarded by the data directory lock instead. */
    static boolean applies(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Takes the migration lock on {@code keeper}, waiting for another engine's migration, or throws naming it. */
    static void acquire(Connection keeper, String storeName) throws SQLException {
        try (PreparedStatement st = keeper.prepareStatement("SELECT current_schema()");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            if (rs.getString(1) == null) {
                // no schema on the search path exists: the lock key would be null and look like "in use"
                throw new StoreException("the store " + storeName + " names no existing schema (currentSchema in the"
                        + " URL, or the role's search_path); create it first, e.g. CREATE SCHEMA fleet AUTHORIZATION"
                        + " the store's role");
            }
        }
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!tryLock(keeper)) {
            if (System.nanoTime() > deadline) {
                throw new StoreException("the store " + storeName + " stayed locked by another Rolegate engine"
                        + holder(keeper) + " for " + WAIT_MILLIS / 1000 + " s. An engine from before fleet support"
                        + " holds this lock for its whole life: stop it (or upgrade it) before this version opens the"
                        + " store");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for another engine's migration of " + storeName,
                        e);
            }
        }
    }

    /** Lets go of the migration lock once the schema is current. */
    static void release(Connection keeper) throws SQLException {
        try (PreparedStatement st = keeper.prepareStatement(
                "SELECT pg_advisory_unlock(?, hashtext(current_schema()))")) {
            st.setInt(1, LOCK_CLASS);
            st.execute();
        }
    }

    private static boolean tryLock(Connection keeper) throws SQLException {
        try (PreparedStatement st = keeper.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(current_schema()))")) {
            st.setInt(1, LOCK_CLASS);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock, from pg_stat_activity, when the store's role may see it. */
    private static String holder(Connection keeper) throws SQLException {
        try (PreparedStatement st = keeper.prepareStatement("SELECT a.client_addr, a.application_name, a.pid"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                + " AND l.classid::bigint = ? AND l.objid = hashtext(current_schema())::oid AND l.granted"
                + " AND l.pid <> pg_backend_pid()")) {
            st.setLong(1, LOCK_CLASS);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String address = rs.getString(1);
                return " (backend pid " + rs.getInt(3) + (address == null ? "" : ", from " + address)
                        + ", application " + rs.getString(2) + ")";
            }
        }
    }
}
