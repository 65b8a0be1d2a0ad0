package io.rolegate.engine.directory.watch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect backoff between a minimum and a maximum, with ±20 % jitter so watchers do not stampede. */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = minMillis;
    }

    /** The wait before the next attempt; doubles the one after, up to the maximum. */
    long nextMillis() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        long jitter = (long) (base * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        return Math.max(1, Math.min(maxMillis, base + jitter));
    }

    void reset() {
        nextMillis = minMillis;
    }
}
