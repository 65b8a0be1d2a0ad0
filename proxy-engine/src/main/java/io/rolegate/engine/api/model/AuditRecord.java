package io.rolegate.engine.api.model;

/** An event as stored: its place in the chain, the hash of the record before it, and its own hash. */
public record AuditRecord(long sequence, AuditEvent event, String previousHash, String hash) {
}
