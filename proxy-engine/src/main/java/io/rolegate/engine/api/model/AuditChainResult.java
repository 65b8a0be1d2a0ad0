package io.rolegate.engine.api.model;

/**
 * The verification of one node's audit chain in a store shared by a fleet: which node, and how its chain fared
 * (records, head, or where it breaks). {@code node} is '' for the chain written before fleets that no node has
 * adopted yet.
 */
public record AuditChainResult(String node, VerifyResult result) {
    public AuditChainResult {
        node = node == null ? "" : node;
        java.util.Objects.requireNonNull(result, "result");
    }

    /** How reports name the node. */
    public String nodeName() {
        return node.isEmpty() ? "(chain from before fleets, not adopted yet)" : node;
    }
}
