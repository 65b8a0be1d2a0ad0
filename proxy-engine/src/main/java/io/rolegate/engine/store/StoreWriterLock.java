package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One writer per store in a shared database. The audit writer keeps the chain's head (last sequence and hash) in
 * memory and is the only one to extend it; a second engine appending to the same chain would fork it (two records
 * claiming the same predecessor) or fail on the sequence key. So the engine that opens a PostgreSQL store takes a
 * session-level advisory lock, keyed by the schema the store lives in, on the connection it keeps for the store's
 * life: a second engine on the same schema is refused with a readable message, and the lock goes away with the
 * holder's connection (also after kill -9 or a lost network), so nothing stale needs clearing by hand.
 */
final class StoreWriterLock {
    /** First half of the advisory lock key: says "Rolegate store" to anyone reading pg_locks. */
    static final int LOCK_CLASS = 0x52474154; // "RGAT"

    private StoreWriterLock() {
    }

    /** True for URLs where the lock is taken; H2 stores are guarded by the data directory lock instead. */
    static boolean applies(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Takes the lock on {@code keeper} or throws naming the store and who holds it. */
    static void acquire(Connection keeper, String storeName) throws SQLException {
        try (PreparedStatement st = keeper.prepareStatement("SELECT current_schema()");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            if (rs.getString(1) == null) {
                // no schema on the search path exists: the lock key would be null and look like "in use"
                throw new StoreException("the store " + storeName + " names no existing schema (currentSchema in the"
                        + " URL, or the role's search_path); create it first, e.g. CREATE SCHEMA edge1 AUTHORIZATION"
                        + " the store's role");
            }
        }
        try (PreparedStatement st = keeper.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(current_schema())), current_schema()")) {
            st.setInt(1, LOCK_CLASS);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new StoreException("the store " + storeName + " (schema " + rs.getString(2) + ") is in use"
                            + " by another Rolegate engine" + holder(keeper) + ". Each engine needs a store of its"
                            + " own: give it another database or schema (currentSchema=... in the URL); one audit"
                            + " chain has exactly one writer");
                }
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
