package io.rolegate.engine.store;

import io.rolegate.engine.store.common.ConnectionSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The short operations' connections to a PostgreSQL store (decision 0035): at most {@code store.poolSize} (default
 * {@link #DEFAULT_SIZE}) open at once, each
 * used by one caller at a time and kept open between uses, instead of a new connection (a forked backend, with TLS
 * and SCRAM) per operation. A caller waits up to {@link #WAIT_SECONDS} s when all are in use, then fails (53300).
 * Connections held for a component's life (the audit writer, the LISTEN followers, the node's name lock) do not come
 * from here: {@link #keptOpen()}.
 *
 * <p>Reconnecting after a failover or a restart works as the upstream admin pool's ({@code AdminDatabase}): every
 * connection is checked (one empty query) when it is taken, and one found broken raises the pool's generation, so
 * every connection opened before it — to the same, now gone, server — is replaced before its next use instead of
 * failing one caller after another. A caller handed a connection gets a working one or an error from opening a new
 * one. Returned connections are rolled back when left in a transaction, and put back to autocommit, read-write and
 * the default isolation.
 */
final class StorePool implements ConnectionSource, AutoCloseable {
    /** How many store connections the short operations may hold at once (per node) unless configured otherwise. */
    static final int DEFAULT_SIZE = io.rolegate.engine.config.StoreConfig.DEFAULT_POOL_SIZE;
    static final long WAIT_SECONDS = 30;

    private final ConnectionSource raw;
    private final String name;
    private final int size;
    private final Semaphore permits;
    private final Deque<Slot> idle = new ArrayDeque<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private boolean closed;

    private static final class Slot {
        final Connection connection;
        final long generation;
        final int isolation;

        Slot(Connection connection, long generation, int isolation) {
            this.connection = connection;
            this.generation = generation;
            this.isolation = isolation;
        }
    }

    StorePool(ConnectionSource raw, String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a store pool needs at least one connection, got " + size);
        }
        this.raw = raw;
        this.name = name;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /** How many connections it lends at most. */
    int size() {
        return size;
    }

    /** A connection of its own, outside the pool, for a component that holds it for its life. */
    @Override
    public ConnectionSource keptOpen() {
        return raw;
    }

    /** How many connections the pool has opened so far (replacements included). */
    long opened() {
        return opened.get();
    }

    @Override
    public Connection open() throws SQLException {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("rolegate: every store connection of this node (" + size + ", store.poolSize)"
                        + " stayed busy for " + WAIT_SECONDS + " s (" + name + ")", "53300");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("rolegate: interrupted while waiting for a store connection", "57014", e);
        }
        try {
            Slot slot = take();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new Lent(slot));
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** A working connection: an idle one that answers, else a new one. */
    private Slot take() throws SQLException {
        while (true) {
            Slot slot;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("rolegate: the store is closed (the engine is stopping)", "57P01");
                }
                slot = idle.pollFirst();
            }
            if (slot == null) {
                break;
            }
            if (slot.generation == generation.get() && answers(slot.connection)) {
                return slot;
            }
            if (slot.generation == generation.get()) {
                generation.incrementAndGet(); // its server went away: so did every connection opened before
            }
            closeQuietly(slot.connection);
        }
        long born = generation.get();
        Connection c = raw.open();
        opened.incrementAndGet();
        return new Slot(c, born, c.getTransactionIsolation());
    }

    private static boolean answers(Connection c) {
        try {
            return !c.isClosed() && c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void giveBack(Slot slot, boolean dirtyIsolation, boolean dirtyReadOnly) {
        try {
            Connection c = slot.connection;
            boolean keep = !c.isClosed();
            if (keep) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                if (dirtyIsolation) {
                    c.setTransactionIsolation(slot.isolation);
                }
                if (dirtyReadOnly) {
                    c.setReadOnly(false);
                }
            }
            synchronized (this) {
                if (keep && !closed && slot.generation == generation.get()) {
                    idle.addFirst(slot); // the most recently used first: the others may time out idle
                    return;
                }
            }
            closeQuietly(c);
        } catch (SQLException e) {
            closeQuietly(slot.connection); // a connection that cannot be reset is not lent again
        } finally {
            permits.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing more to do with it
        }
    }

    /** Closes the idle connections now and each lent one as its caller gives it back. */
    @Override
    public void close() {
        Deque<Slot> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(s -> closeQuietly(s.connection));
    }

    /** One loan: the caller's {@code close()} gives the connection back instead of closing it. */
    private final class Lent implements InvocationHandler {
        private final Slot slot;
        private boolean returned;
        private boolean dirtyIsolation;
        private boolean dirtyReadOnly;

        Lent(Slot slot) {
            this.slot = slot;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!returned) {
                        returned = true;
                        giveBack(slot, dirtyIsolation, dirtyReadOnly);
                    }
                    return null;
                case "isClosed":
                    return returned || slot.connection.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "pooled " + slot.connection;
                default:
                    break;
            }
            if (returned) {
                throw new SQLException("rolegate: this store connection was given back to the pool", "08003");
            }
            if (method.getName().equals("setTransactionIsolation")) {
                dirtyIsolation = true;
            } else if (method.getName().equals("setReadOnly")) {
                dirtyReadOnly = true;
            }
            try {
                return method.invoke(slot.connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
