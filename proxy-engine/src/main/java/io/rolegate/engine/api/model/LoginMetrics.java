package io.rolegate.engine.api.model;

/**
 * Logins as /metrics shows them: how long they took inside the proxy, and the server connections kept for them.
 *
 * @param durationBuckets logins per log2 bucket of microseconds from accept to ReadyForQuery (as round trips)
 * @param microsTotal     the sum of those durations
 * @param keptWaiting     server connections waiting for their user's next login now ({@code upstream.keepIdle})
 * @param keptReused      logins given a kept server connection since start
 * @param pending         connections still logging in, per source, and refusals before a session began
 */
public record LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused,
                           PendingMetrics pending) {
    public LoginMetrics {
        durationBuckets = durationBuckets.clone();
        pending = pending == null ? PendingMetrics.none() : pending;
    }

    public LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused) {
        this(durationBuckets, microsTotal, keptWaiting, keptReused, null);
    }

    @Override
    public long[] durationBuckets() {
        return durationBuckets.clone();
    }
}
