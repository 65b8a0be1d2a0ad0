package io.rolegate.console.throughput;

import io.rolegate.engine.api.model.SessionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-session rates from two consecutive snapshots: the engine keeps only running totals per session, so the rate
 * is the difference divided by the time between the two snapshots (not assumed to be exactly one second).
 */
public final class SessionRates {
    private SessionSnapshot previous;
    private Instant previousAt;

    /** The rate since the previous snapshot of the same session, or empty for the first one seen. */
    public Optional<SessionRate> next(SessionSnapshot current, Instant at) {
        SessionSnapshot before = previous;
        Instant beforeAt = previousAt;
        previous = current;
        previousAt = at;
        if (before == null || before.id() != current.id() || !at.isAfter(beforeAt)) {
            return Optional.empty();
        }
        double seconds = Duration.between(beforeAt, at).toNanos() / 1e9;
        return Optional.of(new SessionRate(current.id(), at,
                perSecond(before.bytesIn(), current.bytesIn(), seconds),
                perSecond(before.bytesOut(), current.bytesOut(), seconds),
                perSecond(before.messagesIn(), current.messagesIn(), seconds),
                perSecond(before.messagesOut(), current.messagesOut(), seconds),
                perSecond(before.queries(), current.queries(), seconds)));
    }

    /** Forgets the previous snapshot: the next one starts a new interval (another session was selected). */
    public void reset() {
        previous = null;
        previousAt = null;
    }

    private static double perSecond(long before, long now, double seconds) {
        // counters only grow while a session lives; a smaller value means a different counter, not negative traffic
        return now < before ? 0 : (now - before) / seconds;
    }
}
