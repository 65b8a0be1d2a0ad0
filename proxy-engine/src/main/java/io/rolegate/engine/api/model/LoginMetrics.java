package io.rolegate.engine.api.model;

/**
 * Logins as /metrics shows them: how long they took inside the proxy, and the server connections kept for them.
 *
 * @param durationBuckets logins per log2 bucket of microseconds from accept to ReadyForQuery (as round trips)
 * @param microsTotal     the sum of those durations
 * @param keptWaiting     server connections waiting for their user's next login now ({@code upstream.keepIdle})
 * @param keptReused      logins given a kept server connection since start
 * @param upstreamServers each upstream host ("host:port") and what sessions last saw it to be: {@code primary},
 *                        {@code standby}, {@code unreachable} or {@code unknown}
 * @param pending         connections still logging in, per source, and refusals before a session began
 */
public record LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused,
                           java.util.Map<String, String> upstreamServers, PendingMetrics pending) {
    public LoginMetrics {
        durationBuckets = durationBuckets.clone();
        upstreamServers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(upstreamServers));
        pending = pending == null ? PendingMetrics.none() : pending;
    }

    public LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused,
                        java.util.Map<String, String> upstreamServers) {
        this(durationBuckets, microsTotal, keptWaiting, keptReused, upstreamServers, null);
    }

    @Override
    public long[] durationBuckets() {
        return durationBuckets.clone();
    }
}
