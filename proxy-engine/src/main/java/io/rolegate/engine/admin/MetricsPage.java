package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.EngineState;

/** The {@code /metrics} page: one {@link EngineMetrics} reading in Prometheus text format. */
final class MetricsPage {
    private MetricsPage() {
    }

    static String render(EngineMetrics m) {
        PrometheusText p = new PrometheusText();
        p.family("rolegate_engine_state", "gauge", "Engine lifecycle state: 1 for the current state, 0 for the others.");
        for (EngineState s : EngineState.values()) {
            p.sample("rolegate_engine_state", s == m.state() ? 1 : 0, "state", s.name().toLowerCase(java.util.Locale.ROOT));
        }
        p.family("rolegate_sessions_open", "gauge", "Client sessions past their startup message, open now.");
        p.sample("rolegate_sessions_open", m.sessionsOpen());
        p.family("rolegate_client_connections_open", "gauge",
                "Client TCP connections open now, including those still in startup and cancel requests.");
        p.sample("rolegate_client_connections_open", m.connectionsOpen());
        p.family("rolegate_relay_buffered_bytes", "gauge", "Bytes waiting in the proxy's outbound buffers of all"
                + " sessions, both directions; a client that stops reading holds at most 576 KiB here (backpressure).");
        p.sample("rolegate_relay_buffered_bytes", m.bufferedBytes());
        p.family("rolegate_bytes_total", "counter",
                "Protocol bytes relayed since start; direction in is from clients, out is to clients.");
        p.sample("rolegate_bytes_total", m.bytesIn(), "direction", "in");
        p.sample("rolegate_bytes_total", m.bytesOut(), "direction", "out");
        p.family("rolegate_messages_total", "counter", "Protocol messages relayed since start, by direction.");
        p.sample("rolegate_messages_total", m.messagesIn(), "direction", "in");
        p.sample("rolegate_messages_total", m.messagesOut(), "direction", "out");
        p.family("rolegate_queries_total", "counter", "Queries sent by clients: simple Query and extended-protocol Execute messages.");
        p.sample("rolegate_queries_total", m.queries());
        p.family("rolegate_transactions_total", "counter", "Transactions ended (ReadyForQuery back to idle), single autocommit statements included.");
        p.sample("rolegate_transactions_total", m.transactions());
        p.family("rolegate_errors_total", "counter", "ErrorResponse messages sent to clients.");
        p.sample("rolegate_errors_total", m.errors());
        p.histogramLog2Micros("rolegate_round_trip_seconds", "Time from a client request to the server's ReadyForQuery.",
                m.roundTripBuckets(), m.roundTripMicrosTotal());
        p.family("rolegate_audit_records", "gauge",
                "Records in the audit hash chain (committed); -1 when the store cannot be read.");
        p.sample("rolegate_audit_records", m.auditRecords());
        p.family("rolegate_audit_last_sequence", "gauge",
                "Sequence of the newest audit record; a drop means records were removed.");
        p.sample("rolegate_audit_last_sequence", m.auditLastSequence());
        return p.toString();
    }
}
