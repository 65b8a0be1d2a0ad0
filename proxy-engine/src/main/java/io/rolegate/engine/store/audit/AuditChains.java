package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chains in one store: one per node, and the legacy chain (node '') of records written before fleets until a
 * node adopts it.
 */
final class AuditChains {
    /** The node records from before fleets carry until one adopts them. */
    static final String LEGACY = "";
    /** A node's committed head: its newest sequence and hash. */
    static final String HEAD = "SELECT seq, hash FROM audit_event WHERE node = ? ORDER BY seq DESC"
            + " FETCH FIRST 1 ROWS ONLY";

    private AuditChains() {
    }

    /** Every node with records in the store, in name order (the legacy chain, if any, first). */
    static List<String> nodes(Connection c) throws SQLException {
        List<String> nodes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT node FROM audit_event ORDER BY node");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                nodes.add(rs.getString(1));
            }
        }
        return nodes;
    }

    /**
     * Makes the legacy chain {@code node}'s, when there is one and {@code node} has no chain of its own yet: the
     * first node to open a store from before fleets continues its chain. One statement, so two nodes starting
     * together cannot both adopt it (the second finds no legacy rows left).
     *
     * @return the event recording the adoption, to append as the chain's next record; null when nothing was adopted
     */
    static AuditEvent adoptLegacy(Connection c, String node) throws SQLException {
        if (LEGACY.equals(node)) {
            return null;
        }
        int adopted;
        try (PreparedStatement st = c.prepareStatement("UPDATE audit_event SET node = ? WHERE node = ?"
                + " AND NOT EXISTS (SELECT 1 FROM audit_event mine WHERE mine.node = ?)")) {
            st.setString(1, node);
            st.setString(2, LEGACY);
            st.setString(3, node);
            adopted = st.executeUpdate();
        }
        if (adopted == 0) {
            return null;
        }
        return AuditEvent.of(AuditEventType.ADMIN_ACTION, "node " + node + " adopted the audit chain written before"
                        + " fleets (" + adopted + " records) and continues it")
                .withActor("rolegate")
                .withDetails(AuditDetails.create().put("action", "adopt-audit-chain").put("node", node)
                        .put("records", adopted).toJson());
    }
}
