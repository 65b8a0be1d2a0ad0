package io.rolegate.engine.api.model;

/**
 * The audit writer at one moment, for {@code /metrics}.
 *
 * @param queued            events waiting for the next group commit
 * @param commits           transactions committed since start
 * @param recordsWritten    records committed since start (by this engine)
 * @param commitBuckets     commits per latency bucket, not cumulative; bucket i holds commits up to
 *                          {@code boundsMicros[i]}, the last bucket the slower ones
 * @param boundsMicros      the buckets' upper bounds in microseconds
 * @param commitMicrosTotal the commits' total time
 * @param commitFailures    transactions that failed (disk full, store down); their events were not recorded
 */
public record AuditWriterStats(int queued, long commits, long recordsWritten, long[] commitBuckets,
                               long[] boundsMicros, long commitMicrosTotal, long commitFailures) {
    public AuditWriterStats {
        commitBuckets = commitBuckets.clone();
        boundsMicros = boundsMicros.clone();
    }

    @Override
    public long[] commitBuckets() {
        return commitBuckets.clone();
    }

    @Override
    public long[] boundsMicros() {
        return boundsMicros.clone();
    }
}
