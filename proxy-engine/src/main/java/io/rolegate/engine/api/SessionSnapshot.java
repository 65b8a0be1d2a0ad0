package io.rolegate.engine.api;

import java.time.Instant;

/** A point-in-time copy of one session, safe to hand to any thread. Filled in with the session room. */
public record SessionSnapshot(long id, String user, String database, String applicationName, String clientAddress,
                              String state, Instant started) {
}
