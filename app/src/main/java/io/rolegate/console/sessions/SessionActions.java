package io.rolegate.console.sessions;

import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.ConsoleEngine;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.TraceLimits;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the sessions view may do to a session; the engine in the console, a recorder in view-model tests. */
public interface SessionActions {
    /** Why nothing may be done between a login ending and its views going. */
    String NOBODY = "Nobody is logged in.";

    /** False when the session had already ended. Blocks until the audit log has the action. */
    boolean disconnect(long sessionId, String reason);

    /** Completes with false when the session was not running a query. */
    CompletableFuture<Boolean> cancelQuery(long sessionId);

    /** The node of the engine this console shows: its sessions are "this node"; null when not known. */
    default String node() {
        return null;
    }

    /**
     * The other nodes' live sessions, as they published them (blocking: reads the shared store; a background
     * task's work). Empty outside a fleet, and when the feed lists every node's sessions already (attached).
     */
    default List<SessionSnapshot> otherNodes() {
        return List.of();
    }

    /**
     * Ends session {@code sessionId} of {@code node} (blocking; another node answers within 5 s): what became of it,
     * in words that name the node. This console's own sessions by {@link #disconnect(long, String)}.
     */
    default FleetActionResult disconnect(String node, long sessionId, String reason) {
        return disconnect(sessionId, reason)
                ? new FleetActionResult(node, sessionId, Outcome.DONE, "session " + sessionId + " ended")
                : new FleetActionResult(node, sessionId, Outcome.NO_SUCH_SESSION, "session " + sessionId
                + " had already ended");
    }

    /** Cancels the running query of session {@code sessionId} of {@code node}, as {@link #disconnect(String, long, String)}. */
    default FleetActionResult cancelQuery(String node, long sessionId) throws Exception {
        return cancelQuery(sessionId).get(10, TimeUnit.SECONDS)
                ? new FleetActionResult(node, sessionId, Outcome.DONE, "cancel request sent")
                : new FleetActionResult(node, sessionId, Outcome.NOTHING_RUNNING, "session " + sessionId
                + " was running no query");
    }

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
                return SessionActions.traceRefusal(user.get());
            }

            @Override
            public TraceFeed trace(long sessionId) {
                return TraceFeed.of(engine.traces().start(sessionId, TraceLimits.defaults(), user.get().identity()),
                        user);
            }

            @Override
            public Optional<String> refusal() {
                return SessionActions.refusal(user.get());
            }

            @Override
            public String node() {
                return engine.fleet().node();
            }

            @Override
            public List<SessionSnapshot> otherNodes() {
                String here = node();
                return engine.fleet().sessions().stream().filter(s -> !here.equals(s.node())).toList();
            }

            @Override
            public FleetActionResult disconnect(String node, long sessionId, String reason) {
                ConsoleUser who = user.get();
                who.requireAdmin("disconnect sessions");
                return engine.fleet().disconnect(node, sessionId, reason, who.identity());
            }

            @Override
            public FleetActionResult cancelQuery(String node, long sessionId) {
                ConsoleUser who = user.get();
                who.requireAdmin("cancel queries");
                return engine.fleet().cancelQuery(node, sessionId, who.identity());
            }
        };
    }

    /**
     * Actions on an engine the console is attached to. The buttons are greyed, as in-process, for what the login the
     * engine issued may not do (read-only: no disconnect or cancel; no auditor: no trace) — decision 0038; whatever
     * is sent, the engine decides again by its own record of the login (a 403 in its words, in its audit), which is
     * what a login demoted since it began meets. The feed lists every node's sessions ({@code GET /sessions}); an
     * action names the node it is for.
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

            @Override
            public Optional<String> refusal() {
                return SessionActions.refusal(user.get());
            }

            @Override
            public Optional<String> traceRefusal() {
                return SessionActions.traceRefusal(user.get());
            }

            @Override
            public TraceFeed trace(long sessionId) {
                return TraceFeed.of(engine.traces().start(sessionId, TraceLimits.defaults(), user.get().identity()),
                        user);
            }

            @Override
            public String node() {
                return engine.node();
            }

            @Override
            public FleetActionResult disconnect(String node, long sessionId, String reason) {
                return engine.disconnect(node, sessionId, reason, user.get().identity());
            }

            @Override
            public FleetActionResult cancelQuery(String node, long sessionId) {
                return engine.cancelQuery(node, sessionId, user.get().identity());
            }
        };
    }

    /** Why {@code who} may not end sessions or cancel queries (read-only, as the engine decided at login). */
    private static Optional<String> refusal(ConsoleUser who) {
        if (who == null) {
            return Optional.of(NOBODY);
        }
        return who.mayAdminister() ? Optional.empty() : Optional.of(who.name() + " is logged in read-only ("
                + who.why() + ") and may not end sessions or cancel queries: only members of the console admin group"
                + " (console.adminGroup) may.");
    }

    /** Why {@code who} may not trace sessions (no console auditor, as the engine decided at login). */
    private static Optional<String> traceRefusal(ConsoleUser who) {
        if (who == null) {
            return Optional.of(NOBODY);
        }
        return who.mayAudit() ? Optional.empty() : Optional.of(who.name() + " may not trace sessions: only"
                + " members of the console auditor group (console.auditorGroup) may look inside a session.");
    }
}
