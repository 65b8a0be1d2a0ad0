package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditChainResult;
import io.rolegate.engine.api.model.VerifyResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Verification of every chain in a store. A checkpoint file belongs to one node (each node writes its own, in its
 * data directory), so its checkpoints are compared with the chain of the node its newest line names; when the store
 * has no chain of that name but exactly one chain, or the chain from before fleets, that one (a single engine's
 * store, or a node renamed since its checkpoints were written). A file naming a node the store has no chain for is
 * a chain that was deleted: reported as truncated.
 */
final class FleetVerify {
    private FleetVerify() {
    }

    static List<AuditChainResult> verify(Connection c, AuditAnchors file, List<AuditAnchors.Entry> entries)
            throws SQLException {
        List<String> nodes = AuditChains.nodes(c);
        String anchored = file == null || entries.isEmpty() ? null : anchoredNode(nodes, entries);
        if (nodes.isEmpty()) {
            nodes = List.of(anchored == null ? AuditChains.LEGACY : anchored);
        }
        List<AuditChainResult> results = new ArrayList<>();
        for (String node : nodes) {
            VerifyResult r = AuditVerifier.verify(c, node);
            if (file != null && (anchored == null || anchored.equals(node))) {
                r = AnchorCheck.check(c, node, r, entries, file);
            } else if (file != null) {
                r = r.withNote("the checkpoints in " + file.file() + " are another node's: this chain was checked"
                        + " by its own links only (verify it with its node's checkpoint file, --anchors FILE)");
            }
            results.add(new AuditChainResult(node, r));
        }
        if (anchored != null && !nodes.contains(anchored)) {
            VerifyResult none = AnchorCheck.check(c, anchored, VerifyResult.intact(0, 0, 0, AuditChain.GENESIS),
                    entries, file);
            results.add(new AuditChainResult(anchored, none));
        }
        return results;
    }

    /** Which chain the checkpoint file is compared with (see the class comment). */
    private static String anchoredNode(List<String> nodes, List<AuditAnchors.Entry> entries) {
        String named = null;
        for (AuditAnchors.Entry e : entries) {
            if (e.anchor() != null) {
                named = e.anchor().node();
            }
        }
        if (named != null && nodes.contains(named)) {
            return named;
        }
        if (nodes.size() == 1) {
            return nodes.get(0);
        }
        if (nodes.contains(AuditChains.LEGACY)) {
            return AuditChains.LEGACY;
        }
        return named != null ? named : nodes.isEmpty() ? AuditChains.LEGACY : nodes.get(0);
    }

    /**
     * One result for callers that show one (the console's "Verify chain", a single engine's CLI): a store with one
     * chain reports it unchanged; with several, the first broken chain (named), else {@code own}'s chain with a note
     * per other chain.
     */
    static VerifyResult combined(List<AuditChainResult> results, String own) {
        if (results.size() == 1) {
            return results.get(0).result();
        }
        for (AuditChainResult chain : results) {
            VerifyResult r = chain.result();
            if (!r.intact()) {
                return new VerifyResult(false, r.recordsChecked(), r.firstSequence(), r.lastSequence(), null,
                        r.brokenAt(), r.problem(), "node " + chain.nodeName() + ": " + r.description(), r.notes());
            }
        }
        AuditChainResult main = results.stream().filter(r -> r.node().equals(own)).findFirst()
                .orElse(results.get(0));
        VerifyResult out = main.result();
        for (AuditChainResult other : results) {
            if (other != main) {
                out = out.withNote("node " + other.nodeName() + ": " + other.result().description());
                for (String note : other.result().notes()) {
                    out = out.withNote("node " + other.nodeName() + ": " + note);
                }
            }
        }
        return out;
    }
}
