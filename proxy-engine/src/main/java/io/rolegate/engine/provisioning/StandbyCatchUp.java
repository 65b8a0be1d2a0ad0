package io.rolegate.engine.provisioning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * After provisioning wrote to the primary, waits until every standby among the upstream hosts has replayed it: a
 * first login that a session then takes to a standby must find its role (and its password and memberships) there,
 * or the standby refuses it as an unknown role. Each host is asked, as the admin role, whether it is in recovery
 * and how far it has replayed; a host that cannot be reached is skipped (no session lands there either) and left
 * alone for a few seconds. A standby that has not caught up within {@code patience} makes the login fail with
 * 57P03 and a message that says so: refusing is clearer than a session on a standby that does not know its role
 * yet (decision "first logins and standbys"). Blocking JDBC: worker threads only.
 */
public final class StandbyCatchUp implements AutoCloseable {
    /** SQLSTATE of a login refused because a standby has not replayed its role yet: "cannot connect now". */
    public static final String NOT_REPLAYED = "57P03";
    private static final Logger log = LoggerFactory.getLogger(StandbyCatchUp.class);
    private static final long SKIP_UNREACHABLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_MILLIS = 20;

    private final AdminDatabase primary;
    private final List<AdminDatabase> servers;
    private final Duration patience;
    private final ConcurrentHashMap<AdminDatabase, Long> unreachableSince = new ConcurrentHashMap<>();

    /**
     * @param primary the admin connection (it follows the primary)
     * @param servers one admin connection per upstream host, however each is used now
     */
    public StandbyCatchUp(AdminDatabase primary, List<AdminDatabase> servers, Duration patience) {
        this.primary = primary;
        this.servers = List.copyOf(servers);
        this.patience = patience;
    }

    /** Returns once every reachable standby has replayed the primary's WAL as it is now; 57P03 after patience. */
    public void await(String role) throws SQLException {
        String lsn = primary.inTransaction(StandbyCatchUp::insertPosition);
        long deadline = System.nanoTime() + patience.toNanos();
        for (AdminDatabase server : servers) {
            awaitOne(server, lsn, deadline, role);
        }
    }

    private void awaitOne(AdminDatabase server, String lsn, long deadline, String role) throws SQLException {
        Long down = unreachableSince.get(server);
        if (down != null && System.nanoTime() - down < SKIP_UNREACHABLE_NANOS) {
            return;
        }
        while (true) {
            Boolean replayed;
            try {
                replayed = server.inTransaction(c -> replayed(c, lsn));
                unreachableSince.remove(server);
            } catch (SQLException e) {
                log.debug("standby check skipped {}: {}", server.description(), e.getMessage());
                unreachableSince.put(server, System.nanoTime());
                return;
            }
            if (replayed == null || replayed) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SQLException("rolegate: the role \"" + role + "\" was just prepared on the primary, and the"
                        + " standby " + server.description() + " has not replayed it within " + patience.toMillis()
                        + " ms (replication lag); try again in a few seconds", NOT_REPLAYED);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("rolegate: interrupted while waiting for a standby to replay role \"" + role
                        + "\"", NOT_REPLAYED, e);
            }
        }
    }

    /** The end of the WAL written so far: past the commit of what was just provisioned. */
    private static String insertPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_current_wal_insert_lsn()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Null when the server is not a standby; else whether it replayed up to {@code lsn}. */
    private static Boolean replayed(Connection c, String lsn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_is_in_recovery(),"
                + " coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
            ps.setString(1, lsn);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) ? rs.getBoolean(2) : null;
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(AdminDatabase::close);
    }
}
