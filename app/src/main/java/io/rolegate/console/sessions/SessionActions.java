package io.rolegate.console.sessions;

import io.rolegate.engine.api.Engine;

import java.util.concurrent.CompletableFuture;

/** What the sessions view may do to a session; the engine in the console, a recorder in view-model tests. */
public interface SessionActions {
    /** False when the session had already ended. Blocks until the audit log has the action. */
    boolean disconnect(long sessionId, String reason);

    /** Completes with false when the session was not running a query. */
    CompletableFuture<Boolean> cancelQuery(long sessionId);

    /** {@code admin} is who the engine's audit log names as having done it. */
    static SessionActions of(Engine engine, String admin) {
        return new SessionActions() {
            @Override
            public boolean disconnect(long sessionId, String reason) {
                return engine.disconnect(sessionId, reason, admin);
            }

            @Override
            public CompletableFuture<Boolean> cancelQuery(long sessionId) {
                return engine.cancelQuery(sessionId);
            }
        };
    }
}
