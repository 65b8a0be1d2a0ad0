package io.rolegate.engine.session;

/**
 * Start times of requests still waiting for their ReadyForQuery, oldest first. Each simple Query and each Sync
 * earns exactly one ReadyForQuery, so pipelined requests are timed one by one and never attributed to the wrong
 * round trip. Event-loop confined. Bounded: a client that pipelines more than the ring holds loses the timing of
 * the oldest, never the relay.
 */
final class PendingRequests {
    private static final int CAPACITY = 256;
    private final long[] starts = new long[CAPACITY];
    private int head;
    private int size;

    void add(long nanos) {
        if (size == CAPACITY) {
            head = (head + 1) % CAPACITY;
            size--;
        }
        starts[(head + size) % CAPACITY] = nanos;
        size++;
    }

    /** The oldest start, removed; -1 when none is pending (e.g. a ReadyForQuery the proxy could not pair). */
    long poll() {
        if (size == 0) {
            return -1;
        }
        long s = starts[head];
        head = (head + 1) % CAPACITY;
        size--;
        return s;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
