package io.rolegate.engine.api.model;


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
 */
public record StoreMetrics(AuditWriterStats audit, int captureQueued, long captureWritten, long captureDropped,
                           long storeReopened, int recordingQueued, long recordingWritten, long recordingDropped) {
    public StoreMetrics(AuditWriterStats audit, int captureQueued, long captureWritten, long captureDropped,
                        long storeReopened) {
        this(audit, captureQueued, captureWritten, captureDropped, storeReopened, 0, 0, 0);
    }
}
