package io.rolegate.engine.threads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands items from event loops to one low-priority writer thread in batches, never blocking the thread that
 * offers. Bounded: when {@code capacity} bounded items wait, the next is dropped and counted, and the writer hears
 * the count with its next batch (so it can say what it is missing). A few control items (a recording opening or
 * closing) may bypass the bound with {@link #offerAlways}: they are few, and losing one would lose more than it.
 * The writer gets at most one batch at a time, so a slow store slows the writer, never the offering threads.
 */
public final class BatchingQueue<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchingQueue.class);

    /** Writes one batch; {@code droppedBefore} items were dropped since the last call (0 mostly). */
    @FunctionalInterface
    public interface Writer<T> {
        void write(List<T> batch, long droppedBefore);
    }

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger bounded = new AtomicInteger();
    private final int capacity;
    private final int maxBatch;
    private final Writer<T> writer;
    private final java.util.function.Predicate<T> counts;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedUnreported = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param counts which items count against {@code capacity} (true for all but control items)
     */
    public BatchingQueue(String threadName, int capacity, int maxBatch, java.util.function.Predicate<T> counts,
                         Writer<T> writer) {
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.counts = counts;
        this.writer = writer;
        this.thread = new Thread(BackgroundThreads.lowPriority(this::run), threadName);
        this.thread.setDaemon(true);
    }

    /** Not before: tests fill the queue first to see what a full one does. */
    public void start() {
        thread.start();
    }

    /** Queues {@code item}, or counts it as dropped when the queue is full or closing; never blocks. */
    public boolean offer(T item) {
        if (closing || bounded.incrementAndGet() > capacity) {
            if (!closing) {
                bounded.decrementAndGet();
            }
            dropped.incrementAndGet();
            droppedUnreported.incrementAndGet();
            return false;
        }
        queue.add(item);
        return true;
    }

    /** Queues a control item regardless of the bound (it must not count: see the constructor's predicate). */
    public void offerAlways(T item) {
        queue.add(item);
    }

    public long dropped() {
        return dropped.get();
    }

    /** Items waiting, control items included. */
    public int depth() {
        return queue.size();
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            batch.clear();
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                }
            } catch (InterruptedException e) {
                // only close() stops this thread, after the queue is drained; an interrupt would lose items
                continue;
            }
            for (T item : batch) {
                if (counts.test(item)) {
                    bounded.decrementAndGet();
                }
            }
            long missed = droppedUnreported.getAndSet(0);
            if (!batch.isEmpty() || missed > 0) {
                writeSafely(batch, missed);
            }
        }
        long missed = droppedUnreported.getAndSet(0);
        if (missed > 0) {
            writeSafely(List.of(), missed);
        }
    }

    private void writeSafely(List<T> batch, long missed) {
        try {
            writer.write(batch, missed);
        } catch (RuntimeException e) {
            // the thread must live on: one bad batch may not stop every later one
            log.error("{}: could not write a batch of {} item(s)", thread.getName(), batch.size(), e);
        }
    }

    /** Writes what is queued, then stops (waiting up to 10 s); call before the store closes. */
    @Override
    public void close() {
        closing = true;
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{}: {} item(s) still queued at shutdown", thread.getName(), queue.size());
        }
    }
}
