package io.rolegate.engine.store.common;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out JDBC connections to the store's database; each caller closes what it gets. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;

    /**
     * Where a component that holds its connection for its life (a writer, a LISTEN follower) opens it: not from a
     * pool of connections meant for short operations. This source itself unless it is such a pool.
     */
    default ConnectionSource keptOpen() {
        return this;
    }
}
