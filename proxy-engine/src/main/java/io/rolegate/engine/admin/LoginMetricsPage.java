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
        return p.toString();
    }
}
