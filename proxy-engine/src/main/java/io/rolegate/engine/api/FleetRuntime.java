package io.rolegate.engine.api;

import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.fleet.FleetActions;
import io.rolegate.engine.store.fleet.FleetPublication;
import io.rolegate.engine.store.fleet.FleetSessions;
import io.rolegate.engine.telemetry.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A node's part in a fleet on a shared PostgreSQL store (decision 0028): it publishes its live sessions (on a thread
 * of its own, never an event loop; states every second, counters every {@code fleet.countersEvery}: decision 0035),
 * executes the actions other nodes ask of it ({@link FleetActionFollower}), and asks other nodes to act: a console's
 * disconnect or cancel, and a client's CancelRequest whose key another node issued. Absent on H2, where the fleet is
 * this engine.
 */
final class FleetRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetRuntime.class);
    /** How long a requester waits for the owner's answer. */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);
    /** Every this many publications, rows of gone nodes and old actions are deleted. */
    private static final int PRUNE_EVERY = 10;
    private static final Duration KEEP_ACTIONS = Duration.ofMinutes(10);

    private final String node;
    private final SessionRegistry registry;
    private final FleetSessions published;
    private final FleetActions actions;
    private final Supplier<Map<Long, Instant>> queryStarts;
    private final ScheduledExecutorService publisher;
    /** Requests waiting for another node's answer: a client's CancelRequest must not wait on an event loop. */
    private final ExecutorService requests;
    private final FleetActionFollower follower;
    private final FleetPublication publication;
    private int publications;
    private boolean failing;

    private FleetRuntime(Store store, SessionRegistry registry, ProxyContext context, SessionControl control,
                         Supplier<Map<Long, Instant>> queryStarts, byte[] macKey, Duration countersEvery) {
        this.node = store.node();
        this.registry = registry;
        this.published = new FleetSessions(store.connections(), node);
        this.publication = new FleetPublication(published, countersEvery);
        this.actions = new FleetActions(store.connections(), macKey);
        this.queryStarts = queryStarts;
        this.publisher = Executors.newSingleThreadScheduledExecutor(
                io.rolegate.engine.threads.BackgroundThreads.named("rolegate-fleet-sessions"));
        this.requests = Executors.newFixedThreadPool(4,
                io.rolegate.engine.threads.BackgroundThreads.named("rolegate-fleet-requests"));
        this.follower = new FleetActionFollower(store.connections(), node, actions, registry, context, control);
    }

    /**
     * Starts the node's part on a shared store, or returns null on one that is not (H2: the registry still learns
     * its node name). {@code macKey} is derived from the master key every node of the fleet shares;
     * {@code countersEvery}: how often sessions' byte and message counts are published ({@code fleet.countersEvery}).
     */
    static FleetRuntime start(Store store, SessionRegistry registry, ProxyContext context, SessionControl control,
                              Supplier<Map<Long, Instant>> queryStarts, Supplier<byte[]> macKey,
                              Duration countersEvery) {
        if (store.nodeNumber() == 0) {
            registry.fleetNode(String.valueOf(store.node()), 0, null);
            return null;
        }
        FleetRuntime f = new FleetRuntime(store, registry, context, control, queryStarts, macKey.get(),
                countersEvery);
        f.published.clearOwn(); // a previous life's rows (killed): not live any more
        registry.fleetNode(f.node, store.nodeNumber(), f::forwardCancel);
        f.follower.start();
        f.publisher.scheduleWithFixedDelay(f::publishOnce, 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("fleet: node {} (number {}) publishes its live sessions and takes actions from the store", f.node,
                store.nodeNumber());
        return f;
    }

    String node() {
        return node;
    }

    /** The key that signs fleet actions: derived from the master key, which every node of a fleet shares. */
    static Supplier<byte[]> macKey(java.nio.file.Path dataDir) {
        return () -> io.rolegate.engine.store.secret.MasterKey.forDataDirectory(dataDir, System::getenv)
                .subkey("fleet actions");
    }

    /** One publication: the sessions that changed or ended since the last one that reached the store. */
    void publishOnce() {
        try {
            Map<Long, Instant> started = queryStarts.get();
            List<FleetSessions.Row> now = new ArrayList<>();
            for (Session s : registry.live()) {
                FleetSessions.Row r = row(s, started.get(s.id()));
                if (r != null) {
                    now.add(r);
                }
            }
            publication.publish(now);
            if (failing) {
                log.info("fleet: publishing node {}'s live sessions again", node);
                failing = false;
            }
            if (++publications % PRUNE_EVERY == 0) {
                published.pruneGone();
                actions.prune(Instant.now().minus(KEEP_ACTIONS));
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("fleet: cannot publish node {}'s live sessions ({}); other nodes show them as last"
                        + " published; trying again every second", node, e.getMessage());
                failing = true;
            }
        }
    }

    /** What other nodes see of {@code s}; null before it was let in. */
    private static FleetSessions.Row row(Session s, Instant queryStarted) {
        var m = s.startup();
        Instant accepted = s.outcome().accepted();
        if (m == null || accepted == null) {
            return null;
        }
        var c = s.counters();
        return new FleetSessions.Row(s.id(), m.user(), s.identity().directoryDn(), m.database(),
                s.identity().roles().stream().sorted().toList(), s.clientAddress(), s.applicationName(), accepted,
                SessionActivity.valueOf(s.state().name()).label(), c.bytes(Direction.IN), c.bytes(Direction.OUT),
                c.messages(Direction.IN), c.messages(Direction.OUT), queryStarted);
    }

    /** Every live node's published sessions (this node's included, as last published). */
    List<FleetSessions.Listed> published() {
        return published.live();
    }

    /**
     * Asks {@code target} to take an action on its session {@code sessionId} and waits for the answer (at most
     * {@link #WAIT}); the requester has checked who asks and audited it.
     */
    FleetActionResult ask(String target, FleetActions.Kind kind, long sessionId, String reason, String admin) {
        return ask(new FleetActions.Request(target, kind, sessionId, 0, null, reason, admin, node, Instant.now()));
    }

    private FleetActionResult ask(FleetActions.Request r) {
        String target = r.targetNode();
        long sessionId = r.sessionId();
        try {
            var known = published.nodes().stream().filter(n -> n.name().equals(target)).findFirst();
            if (known.isEmpty()) {
                return new FleetActionResult(target, sessionId, Outcome.NODE_GONE, "there is no node \"" + target
                        + "\" in this fleet");
            }
            if (!known.get().live()) {
                return new FleetActionResult(target, sessionId, Outcome.NODE_GONE, "node " + target + " is not"
                        + " running (last seen " + known.get().publishedAt() + "); nothing was done");
            }
            long id = actions.request(r);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                var answer = actions.answer(id);
                if (answer.isPresent()) {
                    return result(target, sessionId, answer.get());
                }
                Thread.sleep(50);
            }
            if (actions.answer(id, new FleetActions.Answer(FleetActions.Outcome.EXPIRED, "no answer within "
                    + WAIT.toSeconds() + " s; withdrawn by node " + node))) {
                return new FleetActionResult(target, sessionId, Outcome.NO_ANSWER, "node " + target + " did not"
                        + " answer within " + WAIT.toSeconds() + " s; the request is withdrawn and will not be"
                        + " taken later");
            }
            return result(target, sessionId, actions.answer(id).orElseThrow()); // answered just in time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FleetActionResult(target, sessionId, Outcome.FAILED, "interrupted while waiting for node "
                    + target);
        } catch (StoreException e) {
            return new FleetActionResult(target, sessionId, Outcome.FAILED, "the store could not carry the action"
                    + " to node " + target + ": " + e.getMessage());
        }
    }

    private static FleetActionResult result(String target, long sessionId, FleetActions.Answer a) {
        Outcome o = switch (a.outcome()) {
            case DONE -> Outcome.DONE;
            case NO_SUCH_SESSION -> Outcome.NO_SUCH_SESSION;
            case NOTHING_RUNNING -> Outcome.NOTHING_RUNNING;
            case REFUSED -> Outcome.REFUSED;
            case FAILED, EXPIRED -> Outcome.FAILED;
        };
        return new FleetActionResult(target, sessionId, o, "node " + target + ": " + a.message());
    }

    /** A client's CancelRequest with another node's key: to that node, off the event loop. */
    private CompletionStage<Boolean> forwardCancel(int pid, byte[] key, String clientAddress) {
        int issuer = SessionRegistry.nodeNumberOf(pid);
        return CompletableFuture.supplyAsync(() -> {
            var target = published.nodes().stream().filter(n -> n.number() == issuer).findFirst();
            if (target.isEmpty()) {
                log.info("cancel request from {} names node number {}, which no node of this fleet has: ignored",
                        clientAddress, issuer);
                return false;
            }
            FleetActionResult r = ask(new FleetActions.Request(target.get().name(), FleetActions.Kind.CANCEL_KEY, 0,
                    pid, key, null, "client " + clientAddress, node, Instant.now()));
            log.info("cancel request from {} forwarded to node {}: {}", clientAddress, r.node(), r.message());
            return r.done();
        }, requests);
    }

    /** Stops publishing and taking actions, and deletes this node's rows (a clean stop: nothing is live). */
    @Override
    public void close() {
        publisher.shutdownNow();
        follower.close();
        requests.shutdownNow();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS);
            published.clearOwn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            log.warn("fleet: could not delete node {}'s live sessions at stop ({}); other nodes stop showing them"
                    + " after {} s", node, e.getMessage(), FleetSessions.GONE_AFTER_SECONDS);
        }
        published.close();
    }
}
