package io.rolegate.engine.api;

import io.rolegate.engine.telemetry.Direction;
import io.rolegate.engine.telemetry.SessionCounters;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.audit.AuditStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Builds {@link EngineMetrics}: totals of ended sessions plus the live ones. A session moves from "live" to
 * "ended" in two steps, so a read in between could see its traffic twice or not at all; every counter is therefore
 * reported as the highest value reported so far, which keeps Prometheus counters monotonic (a dip would read as a
 * restart). Called off the event loops, by scrapes.
 */
public final class EngineMetricsCollector {
    private static final Logger log = LoggerFactory.getLogger(EngineMetricsCollector.class);
    private static final int COUNTERS = 9;

    private final SessionRegistry registry;
    private final EndedSessionTotals ended = new EndedSessionTotals();
    private final Supplier<EngineState> state;
    private final Supplier<Store> store;
    private final long[] reported = new long[COUNTERS];
    private final long[] reportedBuckets = new long[SessionCounters.RTT_BUCKETS];
    /** How long a status read of the audit table may wait (for a lock, or on a slow store). */
    static final int AUDIT_READ_SECONDS = 2;
    private volatile AuditStats lastAudit;

    /** Registers itself with {@code registry} to hear sessions end; {@code store} may supply null when stopped. */
    public EngineMetricsCollector(SessionRegistry registry, Supplier<EngineState> state, Supplier<Store> store) {
        this.registry = registry;
        this.state = state;
        this.store = store;
        registry.addListener(ended);
    }

    public EngineMetrics collect() {
        long[] v = {registry.endedBytes(Direction.IN), registry.endedBytes(Direction.OUT),
            registry.endedMessages(Direction.IN), registry.endedMessages(Direction.OUT), registry.endedQueries(),
            ended.transactions(), registry.endedErrors(), ended.roundTrips(), ended.roundTripMicrosTotal()};
        long[] buckets = ended.roundTripHistogram();
        int sessions = 0;
        long buffered = 0;
        for (Session s : registry.live()) {
            buffered += s.bufferedBytes();
            SessionCounters c = s.counters();
            v[0] += c.bytes(Direction.IN);
            v[1] += c.bytes(Direction.OUT);
            v[2] += c.messages(Direction.IN);
            v[3] += c.messages(Direction.OUT);
            v[4] += c.queries();
            v[5] += c.transactions();
            v[6] += c.errors();
            v[7] += c.roundTrips();
            v[8] += c.roundTripMicrosTotal();
            long[] h = c.roundTripHistogram();
            for (int i = 0; i < h.length; i++) {
                buckets[i] += h[i];
            }
            sessions++;
        }
        synchronized (this) {
            ratchet(reported, v);
            ratchet(reportedBuckets, buckets);
        }
        long[] audit = audit();
        return new EngineMetrics(state.get(), sessions, registry.openConnections(), v[0], v[1], v[2], v[3], v[4],
                v[5], v[6], buckets, v[7], v[8], audit[0], audit[1], buffered);
    }

    /** Each value becomes the larger of itself and what was reported before, which then remembers it. */
    private static void ratchet(long[] high, long[] now) {
        for (int i = 0; i < now.length; i++) {
            high[i] = Math.max(high[i], now[i]);
            now[i] = high[i];
        }
    }

    /**
     * The audit table's record count and newest sequence; when the store does not answer within
     * {@link #AUDIT_READ_SECONDS} (the table locked, the store slow), the last figures read, or -1 before any: the
     * engine's status (API, console, /metrics) answers whatever the audit table is doing.
     */
    private long[] audit() {
        Store s = store.get();
        if (s == null) {
            return new long[] {-1, -1};
        }
        try {
            AuditStats stats = AuditStats.read(s.connections(), AUDIT_READ_SECONDS);
            lastAudit = stats;
            return new long[] {stats.records(), stats.lastSequence()};
        } catch (StoreException e) {
            AuditStats last = lastAudit;
            log.warn("metrics: {}; showing the audit figures read last", e.getMessage());
            return last == null ? new long[] {-1, -1} : new long[] {last.records(), last.lastSequence()};
        }
    }
}
