package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * A session that ended: when, why ("client-terminate", "admin-kill", "revoked", "upstream-closed", ...), what the
 * client was told (null when nothing), and its final counters.
 */
public record SessionEnd(long id, Instant at, String reason, String message, SessionSnapshot last) {
}
