package io.rolegate.engine.api.model;

import java.util.List;
import java.util.Map;

/**
 * Client connections still logging in (accepted, no ReadyForQuery yet) and those refused before a session began.
 *
 * @param total      connections logging in now, all addresses
 * @param topSources the addresses with the most connections logging in now, most first (at most a handful)
 * @param refusals   connections refused since start, by reason: {@code pending_per_source}
 *                   ({@code limits.maxPendingPerSource}), {@code max_client_connections}, {@code startup_timeout},
 *                   {@code proxy_header} ({@code listen.proxyProtocol})
 */
public record PendingMetrics(int total, List<Source> topSources, Map<String, Long> refusals) {
    public PendingMetrics {
        topSources = List.copyOf(topSources);
        refusals = Map.copyOf(refusals);
    }

    public static PendingMetrics none() {
        return new PendingMetrics(0, List.of(), Map.of());
    }

    /** One client address and its connections logging in now. */
    public record Source(String address, int pending) {
    }
}
