package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.LoginMetrics;

/** Logins' part of {@code /metrics}: their duration inside the proxy and the kept server connections. */
final class LoginMetricsPage {
    private LoginMetricsPage() {
    }

    static String render(LoginMetrics m) {
        PrometheusText p = new PrometheusText();
        p.histogramLog2Micros("rolegate_login_seconds", "Time from accepting a client connection to the ReadyForQuery"
                + " that ends its start-up (TLS, authentication, server connection, audit), for logins that succeeded.",
                m.durationBuckets(), m.microsTotal());
        p.family("rolegate_server_connections_kept", "gauge",
                "Server connections of directory users waiting for their next login (upstream.keepIdle).");
        p.sample("rolegate_server_connections_kept", m.keptWaiting());
        p.family("rolegate_server_connections_reused_total", "counter",
                "Logins given a kept server connection instead of a new backend, since start.");
        p.sample("rolegate_server_connections_reused_total", m.keptReused());
        p.family("rolegate_upstream_server", "gauge", "1 for what sessions last saw each upstream host to be"
                + " (primary, standby, unreachable, unknown), 0 for the others.");
        for (var server : m.upstreamServers().entrySet()) {
            for (String state : new String[]{"primary", "standby", "unreachable", "unknown"}) {
                p.sample("rolegate_upstream_server", state.equals(server.getValue()) ? 1 : 0, "host", server.getKey(),
                        "state", state);
            }
        }
        p.family("rolegate_client_connections_pending", "gauge",
                "Client connections still logging in (accepted, no ReadyForQuery yet), all addresses.");
        p.sample("rolegate_client_connections_pending", m.pending().total());
        p.family("rolegate_client_connections_pending_by_source", "gauge",
                "Client connections still logging in from the five addresses with the most (limits.maxPendingPerSource).");
        for (var s : m.pending().topSources()) {
            p.sample("rolegate_client_connections_pending_by_source", s.pending(), "source", s.address());
        }
        p.family("rolegate_client_connections_refused_total", "counter",
                "Client connections refused or dropped before their session began, since start, by reason.");
        new java.util.TreeMap<>(m.pending().refusals()).forEach((reason, n) ->
                p.sample("rolegate_client_connections_refused_total", n, "reason", reason));
        return p.toString();
    }
}
