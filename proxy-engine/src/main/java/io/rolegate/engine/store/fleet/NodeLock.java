package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node's name on a shared PostgreSQL store, held by one live engine at a time: a session-level advisory lock keyed
 * by schema and name, on a connection kept for the engine's life, plus a {@code fleet_node} row saying where the
 * holder runs (host, address, pid, since, last heartbeat). The lock dies with the holder's connection, so an engine
 * killed with -9 frees its name as soon as the server notices the connection is gone; nothing stale to clear.
 *
 * <p>A heartbeat updates {@code last_seen} every {@value #HEARTBEAT_SECONDS} s. When the kept connection was lost
 * (store restart, network), the heartbeat takes the name again on a new one; if another engine took it meanwhile,
 * the name is {@linkplain #lost() lost} and this engine's audit writer refuses to extend the chain (fail closed: the
 * chain belongs to whoever holds the name).
 */
public final class NodeLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLock.class);
    /** First half of the advisory lock key: says "Rolegate node" to anyone reading pg_locks. */
    static final int LOCK_CLASS = 0x52474E44; // "RGND"
    static final int HEARTBEAT_SECONDS = 10;

    private final ConnectionSource source;
    private final String node;
    private final String storeName;
    private final ScheduledExecutorService timer;
    private Connection held;
    /** This node's number on the store (decision 0028); 0 on a store below the fleet-sessions schema. */
    private final int number;
    private volatile boolean lost;
    private boolean closed;

    private NodeLock(ConnectionSource source, String node, String storeName, Connection held, int number) {
        this.number = number;
        this.source = source;
        this.node = node;
        this.storeName = storeName;
        this.held = held;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                io.rolegate.engine.threads.BackgroundThreads.named("rolegate-node-heartbeat"));
        timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Claims {@code node} on the store, or throws naming the live engine that holds it.
     *
     * @throws StoreException when another live engine holds the name, or the store cannot be reached
     */
    public static NodeLock claim(ConnectionSource source, String node, String storeName) {
        return claim(source, node, storeName, false);
    }

    /** As {@link #claim(ConnectionSource, String, String)}; {@code numbered}: the store has node numbers (V9). */
    public static NodeLock claim(ConnectionSource source, String node, String storeName, boolean numbered) {
        Connection c = null;
        try {
            c = source.open();
            c.setAutoCommit(true);
            if (!tryLock(c, node)) {
                throw new StoreException("the node name \"" + node + "\" is in use on the store " + storeName
                        + " by a running Rolegate engine" + holder(c, node) + ". Every engine sharing a store needs a"
                        + " name of its own: set fleet.node in this engine's configuration, or stop that engine first");
            }
            register(c, node);
            return new NodeLock(source, node, storeName, c, numbered ? NodeNumbers.assign(c, node) : 0);
        } catch (SQLException e) {
            StoreException failure = new StoreException("cannot claim the node name \"" + node + "\" on the store "
                    + storeName + ": " + e.getMessage(), e);
            closeQuietly(c, failure);
            throw failure;
        } catch (RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
    }

    public String node() {
        return node;
    }

    /** The node's number: the high bits of the process ids in the cancel keys it issues; 0 when unnumbered. */
    public int number() {
        return number;
    }

    /** True once another engine took this node's name after the kept connection was lost. */
    public boolean lost() {
        return lost;
    }

    private static boolean tryLock(Connection c, String node) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(current_schema() || '/' || ?))")) {
            st.setInt(1, LOCK_CLASS);
            st.setString(2, node);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void register(Connection c, String node) throws SQLException {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO fleet_node (node, host_name, address, pid,"
                + " started_at, last_seen) VALUES (?, ?, host(inet_client_addr()), ?, now(), now())"
                + " ON CONFLICT (node) DO UPDATE SET host_name = EXCLUDED.host_name, address = EXCLUDED.address,"
                + " pid = EXCLUDED.pid, started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen")) {
            st.setString(1, node);
            st.setString(2, host);
            st.setLong(3, ProcessHandle.current().pid());
            st.executeUpdate();
        }
    }

    /** Who holds the name, from its {@code fleet_node} row. */
    private static String holder(Connection c, String node) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT host_name, address, pid, started_at, last_seen FROM fleet_node WHERE node = ?")) {
            st.setString(1, node);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                String address = rs.getString(2);
                return " (host " + rs.getString(1) + (address == null ? "" : ", address " + address) + ", pid "
                        + rs.getLong(3) + ", running since " + time(rs.getObject(4, OffsetDateTime.class))
                        + ", last seen " + time(rs.getObject(5, OffsetDateTime.class)) + ")";
            }
        }
    }

    private static String time(OffsetDateTime t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.toInstant());
    }

    private synchronized void heartbeat() {
        if (closed || lost) {
            return;
        }
        try {
            try (PreparedStatement st = held.prepareStatement("UPDATE fleet_node SET last_seen = now() WHERE node = ?")) {
                st.setString(1, node);
                st.executeUpdate();
            }
        } catch (SQLException e) {
            reclaim(e);
        }
    }

    /** The kept connection failed: its lock is gone with it. Take the name again, unless another engine has. */
    private void reclaim(SQLException why) {
        closeQuietly(held, why);
        Connection fresh = null;
        try {
            fresh = source.open();
            fresh.setAutoCommit(true);
            if (tryLock(fresh, node)) {
                register(fresh, node);
                held = fresh;
                log.warn("store {}: the connection holding node name \"{}\" was lost ({}); took the name again",
                        storeName, node, why.getMessage());
                return;
            }
            lost = true;
            log.error("store {}: the node name \"{}\" was taken by another engine{} after this engine's connection was"
                    + " lost; this engine no longer writes its audit chain (logins fail closed). Stop one of the two"
                    + " and give every engine its own fleet.node", storeName, node, holder(fresh, node));
            closeQuietly(fresh, why);
        } catch (SQLException e) {
            // the store is unreachable: nothing can be written anyway; try again on the next beat
            closeQuietly(fresh, why);
            log.warn("store {}: cannot reach the store to hold node name \"{}\": {}", storeName, node, e.getMessage());
        }
    }

    private static void closeQuietly(Connection c, Exception primary) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }

    /** Stops the heartbeat and lets go of the name (closing its connection releases the lock). */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                held.close();
            } catch (SQLException e) {
                throw new StoreException("releasing node name \"" + node + "\" failed: " + e.getMessage(), e);
            }
        }
    }
}
