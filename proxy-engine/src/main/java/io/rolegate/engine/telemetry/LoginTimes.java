package io.rolegate.engine.telemetry;

import java.util.concurrent.atomic.LongAdder;

/**
 * How long logins take inside the proxy: from accepting the client's connection to the ReadyForQuery that lets it
 * send its first query (TLS, the directory's answer, the server connection, the durable audit record). Bucket i
 * counts logins shorter than 2^i microseconds and not counted in a lower one; the last bucket is open-ended, as
 * for round trips. Written from every event loop, read by /metrics.
 */
public final class LoginTimes {
    public static final int BUCKETS = SessionCounters.RTT_BUCKETS;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder microsTotal = new LongAdder();

    public LoginTimes() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        buckets[SessionCounters.bucketOf(micros)].increment();
        microsTotal.add(micros);
    }

    public long[] histogram() {
        long[] h = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            h[i] = buckets[i].sum();
        }
        return h;
    }

    public long microsTotal() {
        return microsTotal.sum();
    }
}
