package io.rolegate.engine.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a directory session whose server just said FATAL 57P01 ("terminating connection due to administrator
 * command") was ended by a revocation's sweep of its role's backends — another node of a fleet, or this node's own
 * sweep that outran the session — and if so, the words the client reads instead (decision 0037). Anything else that
 * ends a backend with 57P01 (a DBA's own pg_terminate_backend, a server shutting down) is not a revocation: empty.
 */
@FunctionalInterface
public interface RevocationWords {
    /** Passthrough mode, or no store: no revocation ends a backend. */
    RevocationWords NONE = s -> CompletableFuture.completedFuture(Optional.empty());

    /** Completes with the revocation's words, or empty; never blocks the caller (an event loop). */
    CompletableFuture<Optional<String>> of(Session session);
}
