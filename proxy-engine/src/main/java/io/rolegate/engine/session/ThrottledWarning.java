package io.rolegate.engine.session;

import org.slf4j.Logger;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A warning that clients can provoke at any rate, logged once per ten seconds at most: the log must not become the
 * flood. The last argument of each line is how many were left out since the line before. Thread-safe.
 */
final class ThrottledWarning {
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY_NANOS);
    private final LongAdder unlogged = new LongAdder();

    ThrottledWarning(Logger log) {
        this.log = log;
    }

    /** {@code format} ends with a placeholder for the count of occurrences since the last line (this one included). */
    void warn(String format, Object... args) {
        unlogged.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            Object[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = unlogged.sumThenReset();
            log.warn(format, all);
        }
    }
}
