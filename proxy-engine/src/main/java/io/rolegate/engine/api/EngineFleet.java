package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.fleet.FleetActions;
import io.rolegate.engine.store.fleet.FleetSessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The sessions of every node of the fleet, and disconnect/cancel of any of them from this node (decision 0028). Who
 * asks is checked here, by the same rule as a local action ({@link PermissionDenied} for a read-only console user),
 * and audited here before anything is asked of another node; the owner audits what it did in its own chain. On an
 * embedded store (one engine) the fleet is this engine.
 */
public final class EngineFleet {
    /** Checks who asks: the facade's own authorization. */
    interface Authorize {
        ConsoleIdentity check(ConsoleIdentity who, String action, ConsoleAuthority.Effect effect);
    }

    private final SessionRegistry registry;
    private final SessionControl local;
    private final Supplier<FleetRuntime> runtime;
    private final Authorize authorize;

    EngineFleet(SessionRegistry registry, SessionControl local, Supplier<FleetRuntime> runtime, Authorize authorize) {
        this.registry = registry;
        this.local = local;
        this.runtime = runtime;
        this.authorize = authorize;
    }

    /** This engine's node name. */
    public String node() {
        return registry.node();
    }

    /**
     * Every live node's live sessions, by node then id, each with its node: this engine's from its own registry (now,
     * complete), the others' as they published them (≤ 1 s old). A node that is gone shows none.
     */
    public List<SessionSnapshot> sessions() {
        List<SessionSnapshot> out = new ArrayList<>(local.live());
        FleetRuntime fleet = runtime.get();
        if (fleet != null) {
            for (FleetSessions.Listed l : fleet.published()) {
                if (!l.node().equals(node())) {
                    out.add(snapshot(l));
                }
            }
        }
        out.sort(Comparator.comparing(SessionSnapshot::node).thenComparingLong(SessionSnapshot::id));
        return out;
    }

    /** A session another node published, as a snapshot marked with that node. */
    static SessionSnapshot snapshot(FleetSessions.Listed l) {
        FleetSessions.Row r = l.row();
        return new SessionSnapshot(r.sessionId(), r.user(), r.database(), r.applicationName(), r.clientAddress(),
                activity(r.state()), null, 0, r.started(), r.bytesIn(), r.bytesOut(), r.messagesIn(), r.messagesOut(),
                0, 0, 0, 0, r.directoryDn(), null, new LinkedHashSet<>(r.roles()), null, null, l.node());
    }

    private static SessionActivity activity(String label) {
        for (SessionActivity a : SessionActivity.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        return SessionActivity.ACTIVE;
    }

    /**
     * Ends session {@code sessionId} of {@code node} with 57P01 for {@code who}, an administrator (else
     * {@link PermissionDenied}, and nothing is asked of any node); waits up to 5 s for another node's answer.
     */
    public FleetActionResult disconnect(String node, long sessionId, String reason, ConsoleIdentity who) {
        String admin = authorize.check(who, "disconnect session " + sessionId + " on node " + node,
                ConsoleAuthority.Effect.REVOKES).username();
        if (isLocal(node)) {
            return local.end(sessionId, reason, admin)
                    ? result(node, sessionId, Outcome.DONE, "session " + sessionId + " ended (57P01)")
                    : result(node, sessionId, Outcome.NO_SUCH_SESSION, "no such session: " + sessionId
                    + " is not a live session there");
        }
        FleetRuntime fleet = remote(node);
        local.record(admin, "ask node " + node + " to disconnect session " + sessionId
                + (reason == null || reason.isBlank() ? "" : ": " + reason), null);
        return fleet.ask(node, FleetActions.Kind.DISCONNECT, sessionId, reason, admin);
    }

    /** Cancels the running query of session {@code sessionId} of {@code node} for {@code who}, an administrator. */
    public FleetActionResult cancelQuery(String node, long sessionId, ConsoleIdentity who) {
        String admin = authorize.check(who, "cancel the running query of session " + sessionId + " on node " + node,
                ConsoleAuthority.Effect.REVOKES).username();
        if (isLocal(node)) {
            if (registry.get(sessionId) == null) {
                return result(node, sessionId, Outcome.NO_SUCH_SESSION, "no such session: " + sessionId
                        + " is not a live session there");
            }
            try {
                return local.cancel(sessionId, admin).get(FleetRuntime.WAIT.toSeconds(), TimeUnit.SECONDS)
                        ? result(node, sessionId, Outcome.DONE, "cancel request sent for the running query of session "
                        + sessionId)
                        : result(node, sessionId, Outcome.NOTHING_RUNNING, "session " + sessionId
                        + " was running no query");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while cancelling session " + sessionId, e);
            } catch (ExecutionException | TimeoutException e) {
                return result(node, sessionId, Outcome.FAILED, "the cancel request could not be sent upstream: "
                        + e.getMessage());
            }
        }
        FleetRuntime fleet = remote(node);
        local.record(admin, "ask node " + node + " to cancel the running query of session " + sessionId, null);
        return fleet.ask(node, FleetActions.Kind.CANCEL, sessionId, null, admin);
    }

    private boolean isLocal(String node) {
        return node == null || node.isBlank() || node.equals(node());
    }

    private FleetRuntime remote(String node) {
        FleetRuntime fleet = runtime.get();
        if (fleet == null) {
            throw new EngineException("there is no node \"" + node + "\": this engine's store is not shared with"
                    + " other engines (a fleet shares a PostgreSQL store), so its only node is " + node());
        }
        return fleet;
    }

    private FleetActionResult result(String node, long sessionId, Outcome outcome, String message) {
        return new FleetActionResult(isLocal(node) ? node() : node, sessionId, outcome, "node "
                + (isLocal(node) ? node() : node) + ": " + message);
    }
}
