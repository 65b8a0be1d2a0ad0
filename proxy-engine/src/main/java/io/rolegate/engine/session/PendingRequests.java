package io.rolegate.engine.session;

/**
 * Start times of requests still waiting for their ReadyForQuery, oldest first. Each simple Query and each Sync
 * earns exactly one ReadyForQuery, so pipelined requests are timed one by one and never attributed to the wrong
 * round trip. Event-loop confined. Bounded: a client that pipelines more than the ring holds loses the timing of
 * the oldest, never the relay. The ring starts small and doubles when a client pipelines deeper: most sessions
 * never have more than a few requests in flight, and every connection carries one from its first byte.
 */
final class PendingRequests {
    static final int CAPACITY = 256;
    private static final int FIRST_CAPACITY = 8;
    private long[] starts = new long[FIRST_CAPACITY];
    private int head;
    private int size;

    void add(long nanos) {
        if (size == starts.length) {
            if (starts.length < CAPACITY) {
                grow();
            } else {
                head = (head + 1) % CAPACITY;
                size--;
            }
        }
        starts[(head + size) % starts.length] = nanos;
        size++;
    }

    private void grow() {
        long[] bigger = new long[starts.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = starts[(head + i) % starts.length];
        }
        starts = bigger;
        head = 0;
    }

    /** The oldest start, removed; -1 when none is pending (e.g. a ReadyForQuery the proxy could not pair). */
    long poll() {
        if (size == 0) {
            return -1;
        }
        long s = starts[head];
        head = (head + 1) % starts.length;
        size--;
        return s;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
