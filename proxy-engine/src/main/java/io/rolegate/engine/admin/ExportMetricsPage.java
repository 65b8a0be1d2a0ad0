package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.ExportStatus;

import java.util.List;

/** The SIEM exporters' part of {@code /metrics}: lag, deliveries and failures per exporter (label {@code exporter}). */
final class ExportMetricsPage {
    private ExportMetricsPage() {
    }

    static void render(PrometheusText p, List<ExportStatus> exports) {
        if (exports.isEmpty()) {
            return;
        }
        p.family("rolegate_export_lag_records", "gauge",
                "Audit records committed but not yet acknowledged by the exporter's receiver.");
        exports.forEach(e -> p.sample("rolegate_export_lag_records", e.lagRecords(), labels(e)));
        p.family("rolegate_export_lag_seconds", "gauge",
                "Age of the oldest audit record the exporter's receiver has not acknowledged; 0 when caught up.");
        exports.forEach(e -> p.sample("rolegate_export_lag_seconds", seconds(e.lagSeconds()), labels(e)));
        p.family("rolegate_export_cursor", "gauge",
                "Sequence of the last audit record the exporter's receiver acknowledged (kept in the store).");
        exports.forEach(e -> p.sample("rolegate_export_cursor", e.cursor(), labels(e)));
        p.family("rolegate_export_records_sent_total", "counter",
                "Audit records the exporter's receiver acknowledged since start (a record sent again counts again).");
        exports.forEach(e -> p.sample("rolegate_export_records_sent_total", e.sent(), labels(e)));
        p.family("rolegate_export_failures_total", "counter",
                "Attempts to deliver that failed since start; the exporter retries with backoff.");
        exports.forEach(e -> p.sample("rolegate_export_failures_total", e.failures(), labels(e)));
        p.family("rolegate_export_failing", "gauge",
                "1 while the exporter's last attempt failed, with what went wrong (tls, connect, timeout, http_NNN,"
                        + " io, store); 0 while it delivers.");
        exports.forEach(e -> p.sample("rolegate_export_failing", e.failing() ? 1 : 0, "exporter", e.name(),
                "type", e.type(), "reason", e.failing() ? e.failureKind() : ""));
        p.family("rolegate_export_gap_records_total", "counter",
                "Audit records retention removed before the exporter delivered them (each gap is also audited).");
        exports.forEach(e -> p.sample("rolegate_export_gap_records_total", e.gaps(), labels(e)));
    }

    private static String[] labels(ExportStatus e) {
        return new String[]{"exporter", e.name(), "type", e.type()};
    }

    private static String seconds(double s) {
        return java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }
}
