package io.rolegate.engine.api.model;

/**
 * An event as stored: the node whose chain holds it, its place in that chain, the hash of the record before it, and
 * its own hash. Each engine of a fleet ("node") extends a chain of its own; {@code node} is '' for records written
 * before fleets that no node has adopted yet.
 */
public record AuditRecord(long sequence, AuditEvent event, String previousHash, String hash, String node) {
    public AuditRecord {
        node = node == null ? "" : node;
    }

    /** A record of a store with one chain (the form before fleets). */
    public AuditRecord(long sequence, AuditEvent event, String previousHash, String hash) {
        this(sequence, event, previousHash, hash, "");
    }
}
