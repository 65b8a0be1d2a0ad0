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
 */
public record LoginMetrics(long[] durationBuckets, long microsTotal, int keptWaiting, long keptReused,
                           java.util.Map<String, String> upstreamServers) {
    public LoginMetrics {
        durationBuckets = durationBuckets.clone();
        upstreamServers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(upstreamServers));
    }

    @Override
    public long[] durationBuckets() {
        return durationBuckets.clone();
    }
}
