package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.fleet.FleetActions;
import io.rolegate.engine.store.fleet.FleetActions.Answer;
import io.rolegate.engine.store.fleet.FleetActions.Outcome;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Takes the actions other nodes ask of this one (decision 0028): LISTENs on {@link FleetActions#CHANNEL} on a
 * connection of its own and reads this node's unanswered actions after each notification, after each (re)connect and
 * every second besides. An action is executed only when its MAC verifies under the fleet's key, it was asked within
 * {@link #FRESH} and it was not executed before (a copied row is refused); the session action is audited in this
 * node's chain naming the console user and the node that asked. One daemon thread.
 */
final class FleetActionFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetActionFollower.class);
    /** How the listening connection is named in pg_stat_activity. */
    static final String APPLICATION_NAME = "rolegate fleet actions";
    /** An action asked longer ago than this (by the asking node's clock) is refused: clocks must agree this well. */
    static final Duration FRESH = Duration.ofSeconds(60);
    private static final int WAIT_MILLIS = 250;
    private static final long SAFETY_POLL_NANOS = 1_000_000_000L;

    private final ConnectionSource connections;
    private final String node;
    private final FleetActions actions;
    private final SessionRegistry registry;
    private final ProxyContext context;
    private final SessionControl control;
    private final Thread thread;
    /** MACs of actions taken within {@link #FRESH}: the same row written again is a replay. */
    private final Map<String, Instant> taken = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    /**
     * Actions asked before this follower started are refused: session ids start again at 1 after a restart, and
     * the MACs taken before it are forgotten, so an older row (or a copy of one) could name another session.
     */
    private final Instant started = Instant.now();

    FleetActionFollower(ConnectionSource connections, String node, FleetActions actions, SessionRegistry registry,
                        ProxyContext context, SessionControl control) {
        this.connections = connections;
        this.node = node;
        this.actions = actions;
        this.registry = registry;
        this.context = context;
        this.control = control;
        this.thread = new Thread(this::run, "rolegate-fleet-actions");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long retry = 100;
        while (!stopped) {
            try (Connection c = connections.keptOpen().open(); Statement st = c.createStatement()) {
                st.execute("SET application_name = '" + APPLICATION_NAME + "'");
                st.execute("LISTEN " + FleetActions.CHANNEL);
                retry = 100;
                takePending();
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastCheck = System.nanoTime();
                while (!stopped) {
                    PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
                    boolean mine = got != null && java.util.Arrays.stream(got).anyMatch(n -> node.equals(
                            n.getParameter()));
                    if (mine || System.nanoTime() - lastCheck >= SAFETY_POLL_NANOS) {
                        takePending();
                        lastCheck = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                log.warn("fleet actions: the store connection failed ({}); trying again in {} ms", e.getMessage(),
                        retry);
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException stop) {
                    return;
                }
                retry = Math.min(5_000, retry * 2);
            }
        }
    }

    private void takePending() {
        Instant now = Instant.now();
        taken.values().removeIf(at -> at.isBefore(now.minus(FRESH.multipliedBy(2))));
        for (FleetActions.Pending p : actions.pending(node)) {
            Answer answer;
            try {
                answer = take(p, now);
            } catch (RuntimeException e) {
                log.warn("fleet action {} from node {} failed: {}", p.id(), p.request().requestedFrom(), e.toString());
                answer = new Answer(Outcome.FAILED, "failed: " + e.getMessage());
            }
            actions.answer(p.id(), answer);
        }
    }

    /** Checks that the action is genuine, fresh and new, then takes it. */
    private Answer take(FleetActions.Pending p, Instant now) {
        FleetActions.Request r = p.request();
        String refusal = null;
        if (!actions.authentic(p)) {
            refusal = "its signature does not verify: it was not written by a node holding this fleet's master key"
                    + " (or was altered in the store)";
        } else if (Duration.between(r.requestedAt(), now).abs().compareTo(FRESH) > 0) {
            refusal = "it was asked at " + r.requestedAt() + ", more than " + FRESH.toSeconds() + " s from now";
        } else if (r.requestedAt().isBefore(started.minusSeconds(1))) {
            refusal = "it was asked at " + r.requestedAt() + ", before this node started (" + started + ")";
        } else if (taken.putIfAbsent(p.mac(), now) != null) {
            refusal = "the same action was taken before: this row is a copy";
        }
        if (refusal != null) {
            String message = "refused a " + r.kind() + " of session " + r.sessionId() + " in the name of "
                    + r.requestedBy() + " from node " + r.requestedFrom() + ": " + refusal;
            log.warn("fleet: {}", message);
            recordRefusal(message, r.requestedBy());
            return new Answer(Outcome.REFUSED, "refused: " + refusal);
        }
        return switch (r.kind()) {
            case DISCONNECT -> control.endForNode(r.sessionId(), r.reason(), r.requestedBy(), r.requestedFrom())
                    ? new Answer(Outcome.DONE, "session " + r.sessionId() + " ended (57P01)")
                    : noSuchSession(r.sessionId());
            case CANCEL -> cancelled(control.cancelForNode(r.sessionId(), r.requestedBy(), r.requestedFrom()),
                    r.sessionId());
            case CANCEL_KEY -> cancelByKey(r);
        };
    }

    private void recordRefusal(String message, String who) {
        try {
            control.recordRefusal(AuditEvent.of(AuditEventType.CONSOLE_ACTION_REFUSED, message).withActor(who));
        } catch (RuntimeException e) {
            log.error("fleet: the refusal is not on record: {}", e.getMessage());
        }
    }

    private static Answer noSuchSession(long id) {
        return new Answer(Outcome.NO_SUCH_SESSION, "no such session: " + id + " is not a live session there");
    }

    private static Answer cancelled(CompletableFuture<Boolean> cancel, long id) {
        if (cancel == null) {
            return noSuchSession(id);
        }
        try {
            return cancel.get(FleetRuntime.WAIT.toSeconds() - 1, TimeUnit.SECONDS)
                    ? new Answer(Outcome.DONE, "cancel request sent for the running query of session " + id)
                    : new Answer(Outcome.NOTHING_RUNNING, "session " + id + " was running no query");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.FAILED, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Answer(Outcome.FAILED, "the cancel request could not be sent upstream: " + e.getMessage());
        }
    }

    /** A client's CancelRequest that reached another node: cancels only when the secret key matches here. */
    private Answer cancelByKey(FleetActions.Request r) {
        Session s = registry.findByCancelKey(r.cancelPid(), r.cancelKey());
        if (s == null) {
            // as for a wrong key sent to this node itself: nothing is cancelled, nothing is said to the client
            log.info("fleet: a cancel request forwarded by node {} for {} matches no session here", r.requestedFrom(),
                    r.requestedBy());
            return new Answer(Outcome.NO_SUCH_SESSION, "no session has that cancel key");
        }
        var sent = new CompletableFuture<Boolean>();
        context.cancels().cancelRunningQuery(s).addListener(f -> {
            if (f.isSuccess()) {
                sent.complete((Boolean) f.getNow());
            } else {
                sent.completeExceptionally(f.cause());
            }
        });
        return cancelled(sent, s.id());
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
