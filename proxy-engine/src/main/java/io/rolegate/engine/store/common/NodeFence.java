package io.rolegate.engine.store.common;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether this engine still holds its node name, asked by the audit writer inside each transaction that extends the
 * node's chain, on that transaction's connection. On a shared store the answer also holds the name's row until the
 * commit, so another engine cannot take the name between the check and the commit.
 */
@FunctionalInterface
public interface NodeFence {
    /** No other engine can hold the name (a store of one engine: H2 in a locked data directory). */
    NodeFence SOLE = c -> true;

    /** True when the chain may be extended in {@code transaction}. */
    boolean holds(Connection transaction) throws SQLException;
}
