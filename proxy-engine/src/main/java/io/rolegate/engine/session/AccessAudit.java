package io.rolegate.engine.session;

import java.util.concurrent.CompletableFuture;

/**
 * Where the session flow reports access. {@link #admitted} is the gate: the client receives AuthenticationOk only
 * once the returned future completes, i.e. once the record is durable, so no access is ever granted unaudited.
 * Called on the session's event loop: implementations must not block.
 */
public interface AccessAudit {
    /** Authentication succeeded; completes when the record is durable (fails: the session is refused). */
    CompletableFuture<?> admitted(Session session);

    /** A directory login was decided and its role provisioned: roles, why, and the SQL run. */
    default void decided(Session session, String explanation, java.util.List<String> sqlRun) {
    }

    /**
     * {@link #decided} and {@link #admitted} at once, for a login admitted right after its decision (on a kept server
     * connection): the records are made durable together, in that order; completes when all are durable.
     */
    default CompletableFuture<?> decidedAndAdmitted(Session session, String explanation,
                                                    java.util.List<String> sqlRun) {
        decided(session, explanation, sqlRun);
        return admitted(session);
    }

    /**
     * The server rejected the managed role's password and it was set again ({@code sqlRun}) for a new attempt: the
     * same login, its decision already recorded.
     */
    default void passwordSetAgain(Session session, java.util.List<String> sqlRun) {
    }

    /**
     * The first login refused by {@code limits.loginThrottle} in a burst: one record for the burst (its later
     * refusals are not recorded one by one). Not called for them; {@link #refused} is not called for any.
     */
    default void throttled(Session session, String message) {
    }

    /** The session ended before it was ready: refused, failed authentication, or the client left. */
    void refused(Session session);

    /** A session that was admitted has ended. */
    void ended(Session session);

    AccessAudit NONE = new AccessAudit() {
        @Override
        public CompletableFuture<?> admitted(Session session) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void refused(Session session) {
        }

        @Override
        public void ended(Session session) {
        }
    };
}
