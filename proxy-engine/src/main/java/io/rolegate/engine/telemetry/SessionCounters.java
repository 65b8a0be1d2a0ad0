package io.rolegate.engine.telemetry;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-session counters. Written only by the session's event loop (plain read + opaque write: no lock, no fence on
 * the hot path) and read by any thread with opaque reads, which are atomic for longs. Readers see values at most
 * a moment old, which is all a 1-second sampler or a console table needs.
 */
public final class SessionCounters {
    /**
     * Message types are ASCII letters and the digits 1–9 (ParseComplete is '1'); each gets a slot of its own, anything
     * else lands in slot 0. Dense, not one slot per byte value: every connection carries these counters from its
     * first byte, so 10,000 pending clients paid 20 MB of heap for 128 slots per direction (issue 15's memory goal).
     */
    static final int TYPES = 62;
    private static final byte[] SLOT = new byte[128];
    private static final char[] TYPE_OF_SLOT = new char[TYPES];

    static {
        int slot = 1;
        for (String range : new String[] {"19", "AZ", "az"}) {
            for (char c = range.charAt(0); c <= range.charAt(1); c++) {
                SLOT[c] = (byte) slot;
                TYPE_OF_SLOT[slot++] = c;
            }
        }
    }
    /** Round-trip histogram buckets: bucket i holds round trips below 2^i microseconds (the last is open). */
    public static final int RTT_BUCKETS = 24;

    private static final int BYTES = 0;
    private static final int MESSAGES = 2;
    private static final int QUERIES = 4;
    private static final int TRANSACTIONS = 5;
    private static final int ERRORS = 6;
    private static final int RTT_COUNT = 7;
    private static final int RTT_TOTAL_MICROS = 8;
    private static final int BY_TYPE = 9;
    private static final int RTT_HISTOGRAM = BY_TYPE + 2 * TYPES;
    private static final int SIZE = RTT_HISTOGRAM + RTT_BUCKETS;

    private final AtomicLongArray values = new AtomicLongArray(SIZE);

    private void add(int index, long delta) {
        values.setOpaque(index, values.getPlain(index) + delta);
    }

    private long get(int index) {
        return values.getOpaque(index);
    }

    public void bytes(Direction d, long n) {
        add(BYTES + d.ordinal(), n);
    }

    public void message(Direction d, byte type) {
        add(MESSAGES + d.ordinal(), 1);
        add(BY_TYPE + d.ordinal() * TYPES + (type >= 0 ? SLOT[type] : 0), 1);
    }

    public void query() {
        add(QUERIES, 1);
    }

    public void transaction() {
        add(TRANSACTIONS, 1);
    }

    public void error() {
        add(ERRORS, 1);
    }

    public void roundTrip(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        add(RTT_COUNT, 1);
        add(RTT_TOTAL_MICROS, micros);
        add(RTT_HISTOGRAM + bucketOf(micros), 1);
    }

    /** The log2 bucket of a duration: bucket i holds values below 2^i microseconds; the last one is open-ended. */
    static int bucketOf(long micros) {
        return Math.min(RTT_BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
    }

    public long bytes(Direction d) {
        return get(BYTES + d.ordinal());
    }

    public long messages(Direction d) {
        return get(MESSAGES + d.ordinal());
    }

    public long messages(Direction d, char type) {
        return get(BY_TYPE + d.ordinal() * TYPES + (type < SLOT.length ? SLOT[type] : 0));
    }

    public long queries() {
        return get(QUERIES);
    }

    public long transactions() {
        return get(TRANSACTIONS);
    }

    public long errors() {
        return get(ERRORS);
    }

    public long roundTrips() {
        return get(RTT_COUNT);
    }

    public long roundTripMicrosTotal() {
        return get(RTT_TOTAL_MICROS);
    }

    /** A copy of the round-trip histogram (see {@link #RTT_BUCKETS}). */
    public long[] roundTripHistogram() {
        long[] h = new long[RTT_BUCKETS];
        for (int i = 0; i < RTT_BUCKETS; i++) {
            h[i] = get(RTT_HISTOGRAM + i);
        }
        return h;
    }

    /** Messages by type for one direction, only the types seen, keyed by the type letter. */
    public java.util.Map<Character, Long> messagesByType(Direction d) {
        java.util.Map<Character, Long> m = new java.util.TreeMap<>();
        for (int t = 0; t < TYPES; t++) {
            long n = get(BY_TYPE + d.ordinal() * TYPES + t);
            if (n > 0) {
                m.put(TYPE_OF_SLOT[t], n);
            }
        }
        return m;
    }
}
