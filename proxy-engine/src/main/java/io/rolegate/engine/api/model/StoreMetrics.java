package io.rolegate.engine.api.model;

import java.util.List;

/**
 * The store's writers at one moment, for {@code /metrics}.
 *
 * @param audit            the audit writer: queue depth, commits and their latency, records written
 * @param captureQueued    captured statements waiting to be written
 * @param captureWritten   captured statements written to the audit
 * @param captureDropped   captured statements dropped because the store fell behind
 * @param storeReopened    times the embedded store had closed itself after a failed write and was opened again
 * @param recordingQueued  statements of recorded sessions (policies.record) waiting to be written
 * @param recordingWritten statements of recorded sessions written
 * @param recordingDropped statements of recorded sessions not recorded because the store fell behind
 * @param node             this engine's node name in its fleet ({@code fleet.node}, else the host name)
 * @param exports          each SIEM exporter's lag, deliveries and failures
 */
public record StoreMetrics(AuditWriterStats audit, int captureQueued, long captureWritten, long captureDropped,
                           long storeReopened, int recordingQueued, long recordingWritten, long recordingDropped,
                           String node, List<ExportStatus> exports) {

    public StoreMetrics {
        exports = exports == null ? List.of() : List.copyOf(exports);
    }

    /** Without exporters. */
    public StoreMetrics(AuditWriterStats audit, int captureQueued, long captureWritten, long captureDropped,
                        long storeReopened, int recordingQueued, long recordingWritten, long recordingDropped,
                        String node) {
        this(audit, captureQueued, captureWritten, captureDropped, storeReopened, recordingQueued, recordingWritten,
                recordingDropped, node, List.of());
    }

    /** Without recordings, a node name or exporters (the form before them). */
    public StoreMetrics(AuditWriterStats audit, int captureQueued, long captureWritten, long captureDropped,
                        long storeReopened) {
        this(audit, captureQueued, captureWritten, captureDropped, storeReopened, 0, 0, 0, null);
    }
}
