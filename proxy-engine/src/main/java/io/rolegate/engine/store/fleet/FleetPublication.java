package io.rolegate.engine.store.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node publishes of its live sessions, and when (decision 0035): a session's <em>state</em> — its arrival and
 * end, user, roles, database, application, idle/active, the start of its running query — at the next publication
 * (every second), its <em>counters</em> (bytes and messages each way) only every {@code countersEvery}, so the
 * store's writes follow logins and state changes rather than traffic. A statement is state once it has run
 * {@link #STATEMENT_SETTLES} (its start comes from the upstream monitor's sample, up to a second old): sessions running
 * short statements back to back would otherwise show another statement start at nearly every sample. Remembers what reached the store: a failed
 * publication leaves it unchanged, so the next one sends the whole difference again. One caller at a time (the
 * node's publishing thread).
 */
public final class FleetPublication {
    private final FleetSessions store;
    /** A running statement younger than this is not yet a change of state. */
    static final Duration STATEMENT_SETTLES = Duration.ofSeconds(2);
    private final Duration countersEvery;
    private final Clock clock;
    /** What the store holds of this node's sessions, as this node last wrote it. */
    private Map<Long, FleetSessions.Row> published = new HashMap<>();
    private Instant countersAt;

    /** One publication's size: rows written whole, rows whose counters alone were written, rows deleted. */
    public record Written(int states, int counters, int ended) {
    }

    public FleetPublication(FleetSessions store, Duration countersEvery) {
        this(store, countersEvery, Clock.systemUTC());
    }

    FleetPublication(FleetSessions store, Duration countersEvery, Clock clock) {
        if (countersEvery.isNegative() || countersEvery.isZero()) {
            throw new IllegalArgumentException("the counters' interval must be positive");
        }
        this.store = store;
        this.countersEvery = countersEvery;
        this.clock = clock;
        this.countersAt = clock.instant();
    }

    /**
     * Publishes the difference between {@code now} (this node's live sessions) and what the store holds: new and
     * ended sessions and changed states at once, changed counters when they are due.
     *
     * @throws io.rolegate.engine.store.common.StoreException when the store could not take it (nothing remembered)
     */
    public Written publish(Collection<FleetSessions.Row> now) {
        Instant at = clock.instant();
        boolean countersDue = !at.isBefore(countersAt.plus(countersEvery));
        Map<Long, FleetSessions.Row> next = new HashMap<>();
        List<FleetSessions.Row> states = new ArrayList<>();
        List<FleetSessions.Row> counters = new ArrayList<>();
        for (FleetSessions.Row r : now) {
            FleetSessions.Row before = published.get(r.sessionId());
            FleetSessions.Row shown = before == null ? r : settled(before, r, at);
            if (before == null || !sameState(before, shown)) {
                states.add(shown); // written whole, with the counters of now
                next.put(r.sessionId(), shown);
            } else if (countersDue && !sameCounters(before, shown)) {
                counters.add(shown);
                next.put(r.sessionId(), shown);
            } else {
                next.put(r.sessionId(), before); // the store still holds the older counters
            }
        }
        List<Long> ended = published.keySet().stream().filter(id -> !next.containsKey(id)).toList();
        store.publish(states, counters, ended);
        published = next;
        if (countersDue) {
            countersAt = at;
        }
        return new Written(states.size(), counters.size(), ended.size());
    }

    /**
     * What to show of {@code r}: itself, unless it runs a statement younger than {@link #STATEMENT_SETTLES}. Then the
     * activity published {@code before} when that named no statement; when it named one (which has ended), active
     * without a start — a change once, not at every short statement, and never an ended statement shown as running.
     */
    private static FleetSessions.Row settled(FleetSessions.Row before, FleetSessions.Row r, Instant now) {
        Instant started = r.queryStarted();
        if (started == null || !started.isAfter(now.minus(STATEMENT_SETTLES))) {
            return r;
        }
        String state = before.queryStarted() == null ? before.state() : r.state();
        return new FleetSessions.Row(r.sessionId(), r.user(), r.directoryDn(), r.database(), r.roles(),
                r.clientAddress(), r.applicationName(), r.started(), state, r.bytesIn(), r.bytesOut(),
                r.messagesIn(), r.messagesOut(), null);
    }

    /** Everything but the counters is the same. */
    static boolean sameState(FleetSessions.Row a, FleetSessions.Row b) {
        return a.sessionId() == b.sessionId() && a.user().equals(b.user())
                && Objects.equals(a.directoryDn(), b.directoryDn()) && Objects.equals(a.database(), b.database())
                && a.roles().equals(b.roles()) && a.clientAddress().equals(b.clientAddress())
                && Objects.equals(a.applicationName(), b.applicationName()) && a.started().equals(b.started())
                && a.state().equals(b.state()) && Objects.equals(a.queryStarted(), b.queryStarted());
    }

    private static boolean sameCounters(FleetSessions.Row a, FleetSessions.Row b) {
        return a.bytesIn() == b.bytesIn() && a.bytesOut() == b.bytesOut() && a.messagesIn() == b.messagesIn()
                && a.messagesOut() == b.messagesOut();
    }
}
