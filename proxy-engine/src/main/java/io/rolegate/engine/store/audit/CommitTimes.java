package io.rolegate.engine.store.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the audit writer's commits take, as a histogram with fixed bounds, and how many records they carried.
 * Written by the writer thread only, read by metric scrapes.
 */
final class CommitTimes {
    /** Upper bounds in microseconds: 0.25 ms up to 2.5 s. A commit above the last lands in the open bucket. */
    static final long[] BOUNDS_MICROS = {250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
        500_000, 1_000_000, 2_500_000};

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_MICROS.length + 1);
    private final AtomicLong microsTotal = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    void committed(long nanos, int recordCount) {
        long micros = nanos / 1_000;
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        microsTotal.addAndGet(micros);
        records.addAndGet(recordCount);
    }

    /** Commits per bucket (not cumulative); the last is the open one. */
    long[] buckets() {
        long[] out = new long[buckets.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buckets.get(i);
        }
        return out;
    }

    long microsTotal() {
        return microsTotal.get();
    }

    long records() {
        return records.get();
    }
}
