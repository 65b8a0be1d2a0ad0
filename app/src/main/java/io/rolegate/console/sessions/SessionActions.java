package io.rolegate.console.sessions;

import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.ConsoleEngine;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.TraceLimits;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What the sessions view may do to a session; the engine in the console, a recorder in view-model tests. */
public interface SessionActions {
    /** False when the session had already ended. Blocks until the audit log has the action. */
    boolean disconnect(long sessionId, String reason);

    /** Completes with false when the session was not running a query. */
    CompletableFuture<Boolean> cancelQuery(long sessionId);

    /** Why the person at the console may not act on sessions at all (read-only login); empty when they may. */
    default Optional<String> refusal() {
        return Optional.empty();
    }

    /**
     * Why the person at the console may not trace sessions (not a console auditor); empty when they may. The
     * engine decides again when a trace starts.
     */
    default Optional<String> traceRefusal() {
        return Optional.of("Protocol traces are not available here.");
    }

    /** Starts a protocol trace of the session (blocks until the audit log has the start). */
    default TraceFeed trace(long sessionId) {
        throw new IllegalStateException(traceRefusal().orElse("no traces here"));
    }

    /**
     * Actions on behalf of the person logged in now: refused with words for a dialog when they are read-only,
     * audited under their directory name otherwise.
     */
    static SessionActions of(Engine engine, Supplier<ConsoleUser> user) {
        return new SessionActions() {
            @Override
            public boolean disconnect(long sessionId, String reason) {
                ConsoleUser who = user.get();
                who.requireAdmin("disconnect sessions");
                return engine.disconnect(sessionId, reason, who.identity());
            }

            @Override
            public CompletableFuture<Boolean> cancelQuery(long sessionId) {
                ConsoleUser who = user.get();
                who.requireAdmin("cancel queries");
                return engine.cancelQuery(sessionId, who.identity());
            }

            @Override
            public Optional<String> traceRefusal() {
                ConsoleUser who = user.get();
                return who.mayAudit() ? Optional.empty() : Optional.of(who.name() + " may not trace sessions: only"
                        + " members of the console auditor group (console.auditorGroup) may look inside a session.");
            }

            @Override
            public TraceFeed trace(long sessionId) {
                return TraceFeed.of(engine.traces().start(sessionId, TraceLimits.defaults(), user.get().identity()),
                        user);
            }

            @Override
            public Optional<String> refusal() {
                ConsoleUser who = user.get();
                return who.mayAdminister() ? Optional.empty() : Optional.of(who.name() + " is logged in read-only ("
                        + who.why() + ") and may not end sessions or cancel queries.");
            }
        };
    }

    /**
     * Actions on an engine the console is attached to: sent as they are, so the engine — not this console — decides
     * (a read-only login gets the engine's refusal in the dialog, and the refusal is in its audit); traces too.
     */
    static SessionActions over(ConsoleEngine engine, Supplier<ConsoleUser> user) {
        return new SessionActions() {
            @Override
            public boolean disconnect(long sessionId, String reason) {
                return engine.disconnect(sessionId, reason, user.get().identity());
            }

            @Override
            public CompletableFuture<Boolean> cancelQuery(long sessionId) {
                return engine.cancelQuery(sessionId, user.get().identity());
            }

            // console-views: the engine decides whether they may trace (its 403 is shown in its words, and audited)
            @Override
            public Optional<String> traceRefusal() {
                return Optional.empty();
            }

            @Override
            public TraceFeed trace(long sessionId) {
                return TraceFeed.of(engine.traces().start(sessionId, TraceLimits.defaults(), user.get().identity()),
                        user);
            }
        };
    }
}
