package io.rolegate.engine.threads;

import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed pool of background threads that runs the work of the oldest login first. A login takes several turns on
 * the pool (the directory and provisioning, then perhaps deriving keys after the server answered); in a FIFO pool
 * each later turn queues behind every login that arrived meanwhile, so under a storm the logins that started first
 * are the ones that run out of time. Here each task carries the time its login was accepted, and the pool takes the
 * earliest. The queue is unbounded: what enters is bounded by the login admission ({@code limits.loginQueue}).
 *
 * <p>A task also makes its login's time the thread's {@link #currentAge}, so work it hands to another such pool
 * (key derivation) keeps the login's place there too.
 */
public final class OldestFirst {
    private static final ThreadLocal<Long> CURRENT_AGE = new ThreadLocal<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ThreadPoolExecutor pool;

    /** @param threads how many tasks run at once */
    public OldestFirst(int threads, String namePrefix) {
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
                BackgroundThreads.numbered(namePrefix));
        pool.allowCoreThreadTimeOut(true);
    }

    /** An executor whose tasks take their place by {@code acceptedNanos} ({@link System#nanoTime()} at accept). */
    public Executor forLoginAcceptedAt(long acceptedNanos) {
        return task -> pool.execute(new Aged(acceptedNanos, SEQUENCE.incrementAndGet(), task));
    }

    /** An executor for work of the login the calling thread serves (or, outside one, of a login starting now). */
    public Executor forCurrentLogin() {
        return forLoginAcceptedAt(currentAge());
    }

    /** The accept time of the login this thread works for, or now when it works for none. */
    public static long currentAge() {
        Long age = CURRENT_AGE.get();
        return age != null ? age : System.nanoTime();
    }

    /** Tasks waiting for a thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    public int threads() {
        return pool.getMaximumPoolSize();
    }

    public void shutdownNow() {
        pool.shutdownNow();
    }

    private record Aged(long acceptedNanos, long sequence, Runnable task) implements Runnable, Comparable<Aged> {
        @Override
        public void run() {
            Long before = CURRENT_AGE.get();
            CURRENT_AGE.set(acceptedNanos);
            try {
                task.run();
            } finally {
                if (before == null) {
                    CURRENT_AGE.remove();
                } else {
                    CURRENT_AGE.set(before);
                }
            }
        }

        @Override
        public int compareTo(Aged o) {
            int byAge = Long.compare(acceptedNanos - o.acceptedNanos, 0); // nanoTime: compare by difference
            return byAge != 0 ? byAge : Long.compare(sequence, o.sequence);
        }
    }
}
