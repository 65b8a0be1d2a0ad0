package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.NodeFence;
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
 * <p>A heartbeat updates {@code last_seen} (and, on a store with live sessions, {@code sessions_at}: the sign of life
 * other nodes go by, decision 0035) every {@value #HEARTBEAT_SECONDS} s, on the kept connection and apart from the
 * publication of sessions, so a slow publication never makes a live node look gone. When the kept connection was lost
 * (store restart, network, the store's DBA ending it), the heartbeat takes the name again on a new one; if another
 * engine took it meanwhile, the name is {@linkplain #lost() lost} and this engine's audit writer refuses to extend the
 * chain (fail closed: the chain belongs to whoever holds the name).
 *
 * <p>The lock alone cannot keep two engines off one chain: it is gone the moment its connection dies, up to a
 * heartbeat before this engine notices, and another engine may take the name in between. So each claim writes its
 * own {@code started_at} into the name's row (the claim's fence token), and the audit writer's every transaction
 * reads the row with {@code FOR SHARE} and that token ({@link #holds}): a new holder's claim waits for a commit under
 * way and then changes the token, so this engine's next commit finds the name gone, and the new holder reads the
 * chain's head only after its claim. The chain is extended by one engine at a time, never interleaved.
 */
public final class NodeLock implements AutoCloseable, NodeFence {
    private static final Logger log = LoggerFactory.getLogger(NodeLock.class);
    /** First half of the advisory lock key: says "Rolegate node" to anyone reading pg_locks. */
    static final int LOCK_CLASS = 0x52474E44; // "RGND"
    static final int HEARTBEAT_SECONDS = 1;
    /** After the kept connection was lost, the name is taken again every this many beats (10 s, as before 0035). */
    static final int RECLAIM_EVERY_BEATS = 10;

    private final ConnectionSource source;
    private final String node;
    private final String storeName;
    private final ScheduledExecutorService timer;
    private Connection held;
    /** This node's number on the store (decision 0028); 0 on a store below the fleet-sessions schema. */
    private final int number;
    /** The {@code started_at} this engine's latest claim wrote into the name's row: its fence token. */
    private volatile OffsetDateTime claim;
    private volatile boolean lost;
    private boolean closed;
    /** Failed beats left before the next attempt to take the name again; 0 while the connection works. */
    private int untilReclaim;

    private NodeLock(ConnectionSource source, String node, String storeName, Connection held, OffsetDateTime claim,
                     int number) {
        this.number = number;
        this.source = source;
        this.node = node;
        this.storeName = storeName;
        this.held = held;
        this.claim = claim;
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
            OffsetDateTime claimed = register(c, node);
            int number = 0;
            if (numbered) {
                number = NodeNumbers.assign(c, node);
                startLife(c, node);
            }
            return new NodeLock(source, node, storeName, c, claimed, number);
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

    /** Writes this engine into the name's row; returns the claim's token. Call only while holding the lock. */
    private static OffsetDateTime register(Connection c, String node) throws SQLException {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO fleet_node (node, host_name, address, pid,"
                + " started_at, last_seen) VALUES (?, ?, host(inet_client_addr()), ?, now(), now())"
                + " ON CONFLICT (node) DO UPDATE SET host_name = EXCLUDED.host_name, address = EXCLUDED.address,"
                + " pid = EXCLUDED.pid, started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen"
                + " RETURNING started_at")) {
            st.setString(1, node);
            st.setString(2, host);
            st.setLong(3, ProcessHandle.current().pid());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        }
    }

    /**
     * A new life of the node on a store with live sessions: a previous life's rows (killed) are not live any more,
     * and the node is live from now on, before its first heartbeat.
     */
    private static void startLife(Connection c, String node) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement("DELETE FROM fleet_session WHERE node = ?");
             PreparedStatement live = c.prepareStatement("UPDATE fleet_node SET sessions_at = now() WHERE node = ?")) {
            clear.setString(1, node);
            clear.executeUpdate();
            live.setString(1, node);
            live.executeUpdate();
        }
    }

    /**
     * Whether the name is still this engine's, asked inside the audit writer's transaction: the row still carries this
     * engine's claim, and stays so until that transaction ends (FOR SHARE makes another engine's claim wait for it).
     * A mismatch while a reclaim is under way on the heartbeat is asked again once it is done; a mismatch after that
     * means another engine claimed the name, and it is lost for good.
     */
    @Override
    public boolean holds(Connection transaction) throws SQLException {
        if (lost) {
            return false;
        }
        if (claimedIn(transaction, claim)) {
            return true;
        }
        synchronized (this) {
            if (lost || closed) {
                return false;
            }
            if (claimedIn(transaction, claim)) {
                return true;
            }
            lost = true;
            log.error("store {}: the node name \"{}\" was taken by another engine{}; this engine no longer writes its"
                    + " audit chain (logins fail closed). Stop one of the two and give every engine its own"
                    + " fleet.node", storeName, node, holder(transaction, node));
            return false;
        }
    }

    private boolean claimedIn(Connection transaction, OffsetDateTime token) throws SQLException {
        try (PreparedStatement st = transaction.prepareStatement(
                "SELECT 1 FROM fleet_node WHERE node = ? AND started_at = ? FOR SHARE")) {
            st.setString(1, node);
            st.setObject(2, token);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
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
            try (PreparedStatement st = held.prepareStatement(number == 0
                    ? "UPDATE fleet_node SET last_seen = now() WHERE node = ?"
                    : "UPDATE fleet_node SET last_seen = now(), sessions_at = now() WHERE node = ?")) {
                st.setString(1, node);
                st.executeUpdate();
            }
            untilReclaim = 0;
        } catch (SQLException e) {
            if (untilReclaim == 0) {
                untilReclaim = RECLAIM_EVERY_BEATS;
            }
            if (--untilReclaim == 0) {
                reclaim(e);
            }
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
                claim = register(fresh, node);
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
