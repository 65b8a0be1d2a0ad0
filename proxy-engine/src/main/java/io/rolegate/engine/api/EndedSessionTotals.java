package io.rolegate.engine.api;

import io.rolegate.engine.telemetry.SessionCounters;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionListener;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of ended sessions that the session registry does not keep itself (transactions, round trips and
 * their histogram), so engine totals survive sessions ending. Runs on event loops: adds only.
 */
public final class EndedSessionTotals implements SessionListener {
    private final LongAdder transactions = new LongAdder();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder roundTripMicros = new LongAdder();
    private final LongAdder[] histogram = new LongAdder[SessionCounters.RTT_BUCKETS];

    public EndedSessionTotals() {
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] = new LongAdder();
        }
    }

    @Override
    public void sessionEnded(Session session) {
        SessionCounters c = session.counters();
        transactions.add(c.transactions());
        roundTrips.add(c.roundTrips());
        roundTripMicros.add(c.roundTripMicrosTotal());
        long[] h = c.roundTripHistogram();
        for (int i = 0; i < h.length; i++) {
            if (h[i] != 0) {
                histogram[i].add(h[i]);
            }
        }
    }

    public long transactions() {
        return transactions.sum();
    }

    public long roundTrips() {
        return roundTrips.sum();
    }

    public long roundTripMicrosTotal() {
        return roundTripMicros.sum();
    }

    public long[] roundTripHistogram() {
        long[] h = new long[histogram.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = histogram[i].sum();
        }
        return h;
    }
}
