package io.rolegate.engine.api.model;

/**
 * Logins as /metrics shows them: how long they took inside the proxy, and the server connections kept for them.
 *
 * @param durationBuckets logins per log2 bucket of microseconds from accept to ReadyForQuery (as round trips)
 * @param microsTotal     the sum of those durations
 * @param keptWaiting     server connections waiting for their user's next login now ({@code upstream.keepIdle})
 * @param keptReused      logins given a kept server connection since start
 */
public record LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused) {
    public LoginMetrics {
        durationBuckets = durationBuckets.clone();
    }

    @Override
    public long[] durationBuckets() {
        return durationBuckets.clone();
    }
}
