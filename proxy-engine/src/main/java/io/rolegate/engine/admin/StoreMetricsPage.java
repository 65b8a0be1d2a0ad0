package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.StoreMetrics;
import io.rolegate.engine.api.model.AuditWriterStats;

import java.util.Optional;

/** The store's part of {@code /metrics}: the audit writer and query capture; nothing while not running. */
final class StoreMetricsPage {
    private StoreMetricsPage() {
    }

    static String render(Optional<StoreMetrics> metrics) {
        if (metrics.isEmpty()) {
            return "";
        }
        StoreMetrics m = metrics.get();
        AuditWriterStats a = m.audit();
        PrometheusText p = new PrometheusText();
        if (m.node() != null) {
            // one info gauge rather than a node label on every series: a scraper attaches its own instance label
            // already, and a join on this gauge (group_left) adds the node name where a dashboard wants it
            p.family("rolegate_node_info", "gauge", "This engine's node name in its fleet (fleet.node, else the host"
                    + " name); always 1.");
            p.sample("rolegate_node_info", 1, "node", m.node());
        }
        p.family("rolegate_audit_queue_depth", "gauge", "Audit events waiting for the next group commit.");
        p.sample("rolegate_audit_queue_depth", a.queued());
        p.family("rolegate_audit_commits_total", "counter", "Audit transactions committed since start.");
        p.sample("rolegate_audit_commits_total", a.commits());
        p.family("rolegate_audit_records_written_total", "counter",
                "Audit records this engine committed since start (several per commit when grouped).");
        p.sample("rolegate_audit_records_written_total", a.recordsWritten());
        p.family("rolegate_audit_commit_failures_total", "counter",
                "Audit transactions that failed (disk full, store down); logins waiting on them were refused.");
        p.sample("rolegate_audit_commit_failures_total", a.commitFailures());
        p.family("rolegate_store_reopened_total", "counter",
                "Times the embedded store closed itself after a failed write (disk full) and was opened again.");
        p.sample("rolegate_store_reopened_total", m.storeReopened());
        commitLatency(p, a);
        p.family("rolegate_query_capture_queue_depth", "gauge", "Captured statements waiting to be written.");
        p.sample("rolegate_query_capture_queue_depth", m.captureQueued());
        p.family("rolegate_query_capture_written_total", "counter", "Captured statements written to the audit.");
        p.sample("rolegate_query_capture_written_total", m.captureWritten());
        p.family("rolegate_query_capture_dropped_total", "counter",
                "Captured statements dropped because the store fell behind (each loss is also recorded in the audit).");
        p.sample("rolegate_query_capture_dropped_total", m.captureDropped());
        p.family("rolegate_recording_queue_depth", "gauge", "Statements of recorded sessions waiting to be written.");
        p.sample("rolegate_recording_queue_depth", m.recordingQueued());
        p.family("rolegate_recording_statements_written_total", "counter",
                "Statements of recorded sessions (policies.record) written to the store.");
        p.sample("rolegate_recording_statements_written_total", m.recordingWritten());
        p.family("rolegate_recording_statements_dropped_total", "counter",
                "Statements of recorded sessions not recorded because the store fell behind (also in the audit).");
        p.sample("rolegate_recording_statements_dropped_total", m.recordingDropped());
        ExportMetricsPage.render(p, m.exports());
        return p.toString();
    }

    private static void commitLatency(PrometheusText p, AuditWriterStats a) {
        p.histogramSeconds("rolegate_audit_commit_seconds",
                "Time the audit writer took per commit (insert of the batch and commit).",
                a.commitBuckets(), a.boundsMicros(), a.commitMicrosTotal());
    }
}
