package io.rolegate.engine.provisioning;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's own connections to the upstream server, as a role with CREATEROLE, for provisioning: a small pool,
 * so that first logins of different users provision in parallel (PostgreSQL creates and grants different roles
 * concurrently; one connection made a first-login storm queue behind one round trip at a time). Each connection is
 * used by one caller at a time, opened on first use and reopened when it breaks. Blocking JDBC: call only from a
 * worker thread.
 */
public final class AdminDatabase implements AutoCloseable {
    /** The pool size when none is configured: enough to overlap round trips, few enough to cost the server little. */
    public static final int DEFAULT_CONNECTIONS = 4;
    /** A connection idle this long is checked (one round trip) before it is used again. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WAIT_FOR_CONNECTION_SECONDS = 30;

    /** Runs SQL on the admin connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final class Slot {
        Connection connection;
        long lastUsed;
        /** The pool's generation when this connection was opened. */
        long openedIn;
    }

    private final String url;
    private final Properties properties;
    private final String description;
    private final BlockingQueue<Slot> free;
    private final List<Slot> all = new ArrayList<>();
    private volatile boolean closed;
    /**
     * Raised when the server is found to have ended a connection: every connection opened before then went to the
     * same server (stopped, restarted, or no longer the primary), so each is replaced before its next use rather
     * than failing one caller after another.
     */
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param url a pgjdbc URL, TLS parameters included
     * @param description how to name this database in errors (host, port, user — never the password)
     */
    public AdminDatabase(String url, String user, String password, String description) {
        this(url, user, password, description, "rolegate-admin", DEFAULT_CONNECTIONS);
    }

    /** One connection named {@code applicationName} in pg_stat_activity (the monitor is not the provisioning link). */
    public AdminDatabase(String url, String user, String password, String description, String applicationName) {
        this(url, user, password, description, applicationName, 1);
    }

    /** @param connections how many admin connections may be open at once (at least 1) */
    public AdminDatabase(String url, String user, String password, String description, int connections) {
        this(url, user, password, description, "rolegate-admin", connections);
    }

    private AdminDatabase(String url, String user, String password, String description, String applicationName,
                          int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("at least one admin connection is needed");
        }
        this.url = url;
        this.properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        this.description = description;
        this.free = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            Slot slot = new Slot();
            all.add(slot);
            free.add(slot);
        }
    }

    /** How many connections the pool may open. */
    public int size() {
        return all.size();
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection; waits for one when all are in use. A kept
     * connection the server ended meanwhile (a primary that stopped or failed over: 57P01, 08xxx) is replaced and
     * the work run once more on a new one; the work reads what it changes inside its transaction, so running it
     * again decides afresh.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try {
            return inTransactionOnce(work);
        } catch (SQLException e) {
            if (!endedByServer(e)) {
                throw e;
            }
            return inTransactionOnce(work);
        }
    }

    /**
     * Runs {@code work} with autocommit on a pooled connection: for a single read, one round trip where a
     * transaction would take two (its COMMIT). Like {@link #inTransaction}, run once more on a new connection when
     * the server had ended the kept one; only for work that is safe to repeat.
     */
    public <T> T once(Work<T> work) throws SQLException {
        try {
            return onceOnly(work);
        } catch (SQLException e) {
            if (!endedByServer(e)) {
                throw e;
            }
            return onceOnly(work);
        }
    }

    /** The server ended the connection (an administrator command, a shutdown, a broken link). */
    static boolean endedByServer(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02"));
    }

    private <T> T inTransactionOnce(Work<T> work) throws SQLException {
        Slot slot = take();
        try {
            Connection c = connection(slot);
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                if (e instanceof SQLException sql) {
                    forgetIfEnded(slot, sql);
                }
                throw e;
            } finally {
                if (slot.connection != null && !c.isClosed()) {
                    c.setAutoCommit(true);
                }
            }
        } finally {
            slot.lastUsed = System.nanoTime();
            release(slot);
        }
    }

    private <T> T onceOnly(Work<T> work) throws SQLException {
        Slot slot = take();
        try {
            return work.run(connection(slot));
        } catch (SQLException e) {
            forgetIfEnded(slot, e);
            throw e;
        } finally {
            slot.lastUsed = System.nanoTime();
            release(slot);
        }
    }

    /** After the server ended {@code slot}'s connection, it and every connection opened before it are replaced. */
    private void forgetIfEnded(Slot slot, SQLException e) {
        if (endedByServer(e)) {
            generation.incrementAndGet();
            closeQuietly(slot);
        }
    }

    private Slot take() throws SQLException {
        if (closed) {
            throw new SQLException("rolegate: the admin connection is closed (the engine is stopping)", "57P01");
        }
        try {
            Slot slot = free.poll(WAIT_FOR_CONNECTION_SECONDS, TimeUnit.SECONDS);
            if (slot == null) {
                throw new SQLException("rolegate: every admin connection (" + all.size() + ") stayed busy for "
                        + WAIT_FOR_CONNECTION_SECONDS + " s (" + description + ")", "53300");
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("rolegate: interrupted while waiting for an admin connection", "57014", e);
        }
    }

    private void release(Slot slot) {
        if (closed) {
            closeQuietly(slot);
        }
        free.add(slot);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    private Connection connection(Slot slot) throws SQLException {
        Connection c = slot.connection;
        boolean idle = System.nanoTime() - slot.lastUsed > CHECK_AFTER_IDLE_NANOS;
        boolean stale = slot.openedIn < generation.get();
        if (c == null || stale || c.isClosed() || (idle && !c.isValid(2))) {
            closeQuietly(slot);
            try {
                slot.openedIn = generation.get();
                slot.connection = DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                String refused = AdminPasswordGuard.refusalIn(e);
                if (refused != null) {
                    throw new SQLException(refused + " (" + description + ")", "28000", e);
                }
                throw new SQLException("rolegate: cannot reach the upstream admin connection (" + description + "): "
                        + e.getMessage(), e.getSQLState(), e);
            }
        }
        return slot.connection;
    }

    public String description() {
        return description;
    }

    private static void closeQuietly(Slot slot) {
        if (slot.connection != null) {
            try {
                slot.connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing more to do with it
            }
            slot.connection = null;
        }
    }

    /** Closes the idle connections now and each busy one as its caller returns it. */
    @Override
    public void close() {
        closed = true;
        List<Slot> idle = new ArrayList<>();
        free.drainTo(idle);
        idle.forEach(AdminDatabase::closeQuietly);
        free.addAll(idle);
    }
}
