package io.rolegate.engine.store.config;

import io.rolegate.engine.store.common.ConnectionSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * Notices a configuration version that another process added to the store (the command line, another engine of a
 * fleet, a script) and tells the engine the new latest number. On PostgreSQL it LISTENs on
 * {@link ConfigVersions#CHANNEL} on a connection of its own (the insert notifies in its transaction) and reads the
 * latest number after every notification, after every (re)connect — whatever was added while the connection was
 * down — and every {@link #SAFETY_POLL} besides, for a notification lost some other way. On H2 (one engine's own
 * file) it reads the latest number every {@link #POLL}: one primary-key lookup on a kept connection and prepared
 * statement. One daemon thread; a lost connection is retried with backoff and never ends the follower.
 */
public final class ConfigVersionFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigVersionFollower.class);
    /** How the listening connection is named in pg_stat_activity. */
    public static final String APPLICATION_NAME = "rolegate config follower";
    /** How often H2 is asked. */
    public static final Duration POLL = Duration.ofSeconds(1);
    /**
     * How often PostgreSQL is asked without a notification: a version comes into force within 2 s even if its
     * notification were lost on a connection that did not break (one index lookup per second and engine).
     */
    public static final Duration SAFETY_POLL = Duration.ofSeconds(1);
    /** Longest single wait for a notification, so a stop is never held up long. */
    private static final int WAIT_MILLIS = 250;
    private static final long RETRY_MIN_MILLIS = 100;
    private static final long RETRY_MAX_MILLIS = 5_000;

    private final ConnectionSource connections;
    private final IntPredicate seen;
    private final Thread thread;
    private volatile boolean stopped;
    private int told;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong checkNanos = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    /** What the follower did: reads of the latest number and their total time, notifications heard, reconnects. */
    public record Stats(long checks, long checkNanos, long notifications, long reconnects) {
    }

    private ConfigVersionFollower(ConnectionSource connections, int known, IntPredicate seen) {
        this.connections = connections;
        this.told = known;
        this.seen = seen;
        this.thread = new Thread(this::run, "rolegate-config-follower");
        this.thread.setDaemon(true);
    }

    /**
     * Follows the store behind {@code connections}; {@code seen} hears (on the follower's thread) each latest
     * number above {@code known}, and above what it took before: it answers whether it took it, and a number it
     * did not take is offered again at the next check.
     */
    public static ConfigVersionFollower start(ConnectionSource connections, int known, IntPredicate seen) {
        ConfigVersionFollower f = new ConfigVersionFollower(connections, known, seen);
        f.thread.start();
        return f;
    }

    public Stats stats() {
        return new Stats(checks.get(), checkNanos.get(), notifications.get(), reconnects.get());
    }

    private void run() {
        long retry = RETRY_MIN_MILLIS;
        boolean first = true;
        while (!stopped) {
            try (Connection c = connections.keptOpen().open(); PreparedStatement latest = c.prepareStatement(
                    ConfigVersions.LATEST_NUMBER)) {
                boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
                if (postgres) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET application_name = '" + APPLICATION_NAME + "'"); // findable in pg_stat_activity
                        st.execute("LISTEN " + ConfigVersions.CHANNEL);
                    }
                }
                if (!first) {
                    reconnects.incrementAndGet();
                    log.info("configuration follower: connected to the store again");
                }
                first = false;
                check(latest); // whatever was added while there was no connection
                retry = RETRY_MIN_MILLIS;
                follow(c, latest, postgres);
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                log.warn("configuration follower: the store connection failed ({}); trying again in {} ms",
                        e.getMessage(), retry);
                if (!pause(retry)) {
                    return;
                }
                retry = Math.min(RETRY_MAX_MILLIS, retry * 2);
            }
        }
    }

    private void follow(Connection c, PreparedStatement latest, boolean postgres) throws SQLException {
        long interval = (postgres ? SAFETY_POLL : POLL).toNanos();
        long lastCheck = System.nanoTime();
        PGConnection pg = postgres ? c.unwrap(PGConnection.class) : null;
        while (!stopped) {
            boolean heard = false;
            if (pg != null) {
                PGNotification[] got = pg.getNotifications(WAIT_MILLIS); // also finds a connection that broke
                heard = got != null && got.length > 0;
                notifications.addAndGet(got == null ? 0 : got.length);
            } else if (!pause(WAIT_MILLIS)) {
                return;
            }
            if (heard || System.nanoTime() - lastCheck >= interval) {
                check(latest);
                lastCheck = System.nanoTime();
            }
        }
    }

    private void check(PreparedStatement latest) throws SQLException {
        long began = System.nanoTime();
        int number;
        try (ResultSet rs = latest.executeQuery()) {
            number = rs.next() ? rs.getInt(1) : 0;
        }
        checkNanos.addAndGet(System.nanoTime() - began);
        checks.incrementAndGet();
        if (number > told) {
            try {
                if (seen.test(number)) {
                    told = number;
                }
            } catch (RuntimeException e) {
                log.error("configuration follower: taking version {} failed; trying again at the next check",
                        number, e);
            }
        }
    }

    /** Sleeps in short steps, so a stop is seen soon; false when stopping. */
    private boolean pause(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            while (!stopped && System.nanoTime() < end) {
                Thread.sleep(Math.min(WAIT_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Ends the thread (bounded wait); its connection closes with it. No interrupt: an interrupted H2 file channel
     * closes the whole database.
     */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
