package io.rolegate.engine.store.common;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out JDBC connections to the store's database; each caller closes what it gets. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
