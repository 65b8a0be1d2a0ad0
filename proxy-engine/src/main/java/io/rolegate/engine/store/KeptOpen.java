package io.rolegate.engine.store;

import io.rolegate.engine.store.common.ConnectionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedded H2 database closes when its last connection does, so the store keeps one connection open for its
 * life. When a write fails (disk full, I/O error) H2 closes the whole database to protect the file, that kept
 * connection included. Every later open checks it and, when it is gone, opens the database again: once the disk
 * has room the engine carries on by itself, from the last commit H2 wrote. While the disk is still full the reopen
 * fails and so does the caller, which fails closed; the next open tries again.
 */
final class KeptOpen implements ConnectionSource {
    private static final Logger log = LoggerFactory.getLogger(KeptOpen.class);

    private final ConnectionSource raw;
    private final String name;
    private final AtomicLong reopened = new AtomicLong();
    private Connection keeper;
    private boolean closed;

    KeptOpen(ConnectionSource raw, String name, Connection keeper) {
        this.raw = raw;
        this.name = name;
        this.keeper = keeper;
    }

    @Override
    public Connection open() throws SQLException {
        keep();
        return raw.open();
    }

    /** How often the database had closed itself and was opened again. */
    long reopened() {
        return reopened.get();
    }

    private synchronized void keep() throws SQLException {
        if (closed || alive()) {
            return;
        }
        Connection fresh = raw.open();
        Connection dead = keeper;
        keeper = fresh;
        try {
            dead.close();
        } catch (SQLException ignored) {
            // it is closed already: H2 closed the database under it
        }
        log.warn("store: the database {} had closed itself after a failed write (disk full or I/O error); opened it"
                + " again from its last commit (reopen #{})", name, reopened.incrementAndGet());
    }

    /**
     * Whether the kept connection's database still answers. {@code isValid} is no test: H2 reports a connection to
     * a database it closed after a failed write as valid, and only a statement learns "the database has been
     * closed".
     */
    private boolean alive() {
        try (java.sql.Statement st = keeper.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    synchronized void close() throws SQLException {
        closed = true;
        keeper.close();
    }
}
