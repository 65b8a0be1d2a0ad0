package io.rolegate.engine.api.model;

import java.util.Arrays;

/**
 * Engine-wide counters at one moment, for the admin endpoint and the console. Totals count every session since
 * the engine started, ended ones included, and never go down between two reads.
 *
 * @param roundTripBuckets   round trips per log2 bucket: bucket i counts round trips shorter than 2^i microseconds
 *                           and not counted in a lower bucket; the last bucket is open-ended
 * @param auditRecords       records in the audit chain now; -1 when the store could not be read
 * @param auditLastSequence  the newest record's sequence; 0 for an empty chain, -1 when unreadable
 * @param bufferedBytes      bytes waiting now in the proxy's outbound buffers of every live session, both hops: a
 *                           client that stops reading holds at most the high water mark plus one read (backpressure)
 */
public record EngineMetrics(EngineState state, int sessionsOpen, int connectionsOpen, long bytesIn, long bytesOut,
                            long messagesIn, long messagesOut, long queries, long transactions, long errors,
                            long[] roundTripBuckets, long roundTrips, long roundTripMicrosTotal,
                            long auditRecords, long auditLastSequence, long bufferedBytes) {
    public EngineMetrics {
        roundTripBuckets = roundTripBuckets.clone();
    }

    public EngineMetrics(EngineState state, int sessionsOpen, int connectionsOpen, long bytesIn, long bytesOut,
                         long messagesIn, long messagesOut, long queries, long transactions, long errors,
                         long[] roundTripBuckets, long roundTrips, long roundTripMicrosTotal,
                         long auditRecords, long auditLastSequence) {
        this(state, sessionsOpen, connectionsOpen, bytesIn, bytesOut, messagesIn, messagesOut, queries, transactions,
                errors, roundTripBuckets, roundTrips, roundTripMicrosTotal, auditRecords, auditLastSequence, 0);
    }

    @Override
    public long[] roundTripBuckets() {
        return roundTripBuckets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineMetrics m && state == m.state && sessionsOpen == m.sessionsOpen
                && connectionsOpen == m.connectionsOpen && bytesIn == m.bytesIn && bytesOut == m.bytesOut
                && messagesIn == m.messagesIn && messagesOut == m.messagesOut && queries == m.queries
                && transactions == m.transactions && errors == m.errors
                && Arrays.equals(roundTripBuckets, m.roundTripBuckets) && roundTrips == m.roundTrips
                && roundTripMicrosTotal == m.roundTripMicrosTotal && auditRecords == m.auditRecords
                && auditLastSequence == m.auditLastSequence && bufferedBytes == m.bufferedBytes;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(roundTripBuckets) + Long.hashCode(bytesIn + bytesOut + queries + roundTrips);
    }

    @Override
    public String toString() {
        return "EngineMetrics[state=" + state + ", sessions=" + sessionsOpen + ", connections=" + connectionsOpen
                + ", bytes=" + bytesIn + "/" + bytesOut + ", messages=" + messagesIn + "/" + messagesOut
                + ", queries=" + queries + ", transactions=" + transactions + ", errors=" + errors
                + ", roundTrips=" + roundTrips + ", audit=" + auditRecords + "]";
    }
}
