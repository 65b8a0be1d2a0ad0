package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.SessionEnd;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionListener;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.audit.AuditLog;

import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The facade's live sessions: snapshots, the end-of-session feed, and the admin actions on one session (disconnect,
 * cancel), each durably audited before it takes effect. Who may act is decided before these are called.
 */
final class SessionControl {
    private final SessionRegistry registry;
    private final Supplier<AuditLog> audit;
    private final Supplier<ProxyContext> context;

    SessionControl(SessionRegistry registry, Supplier<AuditLog> audit, Supplier<ProxyContext> context) {
        this.registry = registry;
        this.audit = audit;
        this.context = context;
    }

    List<SessionSnapshot> live() {
        return registry.live().stream().map(s -> Snapshots.of(s, registry.node())).sorted(Comparator.comparingLong(SessionSnapshot::id))
                .toList();
    }

    Optional<SessionSnapshot> one(long id) {
        return Optional.ofNullable(registry.get(id)).map(s -> Snapshots.of(s, registry.node()));
    }

    AutoCloseable onEnded(Consumer<SessionEnd> listener) {
        SessionListener bridge = new SessionListener() {
            @Override
            public void sessionEnded(Session s) {
                var o = s.outcome();
                listener.accept(new SessionEnd(s.id(), o.ended(), o.endReason().label(), o.message(),
                        Snapshots.of(s, registry.node())));
            }
        };
        registry.addListener(bridge);
        return () -> registry.removeListener(bridge);
    }

    /** Ends a session with FATAL 57P01 on behalf of {@code admin}; false when no such live session. */
    boolean end(long sessionId, String reason, String admin) {
        Session s = registry.get(sessionId);
        if (s == null) {
            return false;
        }
        record(admin, "disconnect session " + sessionId + (reason == null ? "" : ": " + reason), s);
        s.outcome().endedBy(admin);
        s.terminate(DisconnectReason.ADMIN_KILL, "rolegate: session terminated by an administrator"
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return true;
    }

    /**
     * Ends a session with 57P01 for {@code admin}, a console user of node {@code from} who asked through the store
     * (decision 0028): the record names both; false when no such live session.
     */
    boolean endForNode(long sessionId, String reason, String admin, String from) {
        Session s = registry.get(sessionId);
        if (s == null) {
            return false;
        }
        record(AuditEvent.of(AuditEventType.ADMIN_ACTION, "disconnect session " + sessionId + " on node "
                + registry.node() + ", asked by " + admin + " on node " + from + (reason == null || reason.isBlank()
                ? "" : ": " + reason)).withActor(admin).withDetails(fromNode(from)), s);
        s.outcome().endedBy(admin + " (node " + from + ")");
        s.terminate(DisconnectReason.ADMIN_KILL, "rolegate: session terminated by an administrator"
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return true;
    }

    /** As {@link #endForNode}, cancelling the running query; null when no such live session. */
    CompletableFuture<Boolean> cancelForNode(long sessionId, String admin, String from) {
        Session s = registry.get(sessionId);
        if (s == null) {
            return null;
        }
        record(AuditEvent.of(AuditEventType.ADMIN_ACTION, "cancel the running query of session " + sessionId
                + " on node " + registry.node() + ", asked by " + admin + " on node " + from).withActor(admin)
                .withDetails(fromNode(from)), s);
        return cancel(sessionId);
    }

    private AuditDetails fromNode(String from) {
        return AuditDetails.create().put("node", registry.node()).put("requested_from", from);
    }

    /** Audits, then cancels the session's running query on behalf of {@code admin}. */
    CompletableFuture<Boolean> cancel(long sessionId, String admin) {
        Session s = registry.get(sessionId);
        if (s == null) {
            return CompletableFuture.completedFuture(false);
        }
        record(admin, "cancel the running query of session " + sessionId, s);
        return cancel(sessionId);
    }

    /** Sends a CancelRequest for the session's running query upstream; completes with false when none ran. */
    CompletableFuture<Boolean> cancel(long sessionId) {
        Session s = registry.get(sessionId);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (s == null) {
            result.complete(false);
            return result;
        }
        context.get().cancels().cancelRunningQuery(s).addListener(f -> {
            if (f.isSuccess()) {
                result.complete((Boolean) f.getNow());
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Login durations inside the proxy, and directory users' server connections kept for their next login. */
    io.rolegate.engine.api.model.LoginMetrics loginMetrics() {
        var kept = registry.keptConnections();
        var times = registry.loginTimes();
        java.util.Map<String, String> servers = new java.util.LinkedHashMap<>();
        ProxyContext running = context.get();
        if (running != null) {
            running.hosts().states().forEach((host, state) -> servers.put(host.toString(), state));
        }
        return new io.rolegate.engine.api.model.LoginMetrics(times.histogram(), times.microsTotal(), kept.idle(),
                kept.reused(), servers, pendingMetrics());
    }

    /** The five addresses with the most connections logging in: enough to name a flood, bounded for Prometheus. */
    private io.rolegate.engine.api.model.PendingMetrics pendingMetrics() {
        var pending = registry.pendingConnections();
        var top = pending.top(5).stream()
                .map(s -> new io.rolegate.engine.api.model.PendingMetrics.Source(s.address(), s.pending())).toList();
        java.util.Map<String, Long> refusals = new java.util.LinkedHashMap<>();
        for (var r : io.rolegate.engine.session.PendingConnections.Refusal.values()) {
            refusals.put(r.label(), pending.refusals(r));
        }
        return new io.rolegate.engine.api.model.PendingMetrics(pending.total(), top, refusals);
    }

    /** Audits a stop of the engine by {@code admin} with the sessions it ends; returns {@code admin}. */
    String recordStop(String admin, String what, int liveSessions) {
        record(AuditEvent.of(AuditEventType.ADMIN_ACTION, what + " (" + liveSessions + " live sessions)")
                .withActor(admin).withDetails(AuditDetails.create().put("action", what)
                        .put("live_sessions", liveSessions)), null);
        return admin;
    }

    /** As {@link #recordStop}, for a console that quits: an audit failure is logged, the engine stops anyway. */
    String recordQuit(String who, int liveSessions) {
        try {
            recordStop(who, "quit the console, stopping the engine", liveSessions);
        } catch (EngineException notRecorded) {
            LoggerFactory.getLogger(SessionControl.class).error("the console's quit is not on record: {}",
                    notRecorded.getMessage());
        }
        return who;
    }

    /** A refused action, durably in the audit log. */
    void recordRefusal(AuditEvent refusal) {
        record(refusal, null);
    }

    /** An admin action durably in the audit log, naming the session it concerns when there is one. */
    void record(String admin, String what, Session s) {
        record(AuditEvent.of(AuditEventType.ADMIN_ACTION, what).withActor(admin), s);
    }

    private void record(AuditEvent action, Session s) {
        AuditEvent event = action;
        if (s != null) {
            event = event.withSessionId(String.valueOf(s.id())).withUser(s.startup().user());
        }
        AuditLog log = audit.get();
        if (log == null) {
            throw new EngineException("the engine is not running");
        }
        log.appendDurably(event, "the action was not taken");
    }
}
