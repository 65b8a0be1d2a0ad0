package io.rolegate.engine.api.model;

import java.time.Duration;

/**
 * How much a protocol trace keeps and how long it runs. The trace keeps the newest {@code keepMessages} lines in
 * at most {@code keepBytes} of memory (older lines are dropped and counted), and stops by itself after
 * {@code maxDuration}, after {@code stopAfterBytes} relayed bytes (both directions), after
 * {@code stopAfterMessages} lines, or when the session ends.
 *
 * @param keepMessages   lines kept (a run of DataRow or CopyData messages is one line), 1 to 1,000,000
 * @param keepBytes      memory the kept lines may take, 64 KiB to 256 MiB
 * @param maxDuration    the trace stops after this long, 1 s to 24 h
 * @param stopAfterBytes the trace stops once this many bytes were relayed in both directions together
 * @param stopAfterMessages the trace stops once it traced this many lines (CLI {@code --max-messages})
 */
public record TraceLimits(int keepMessages, long keepBytes, Duration maxDuration, long stopAfterBytes,
                          long stopAfterMessages) {
    public static final int MAX_MESSAGES = 1_000_000;
    public static final long MAX_KEEP_BYTES = 256L << 20;

    public TraceLimits {
        if (keepMessages < 1 || keepMessages > MAX_MESSAGES) {
            throw new IllegalArgumentException("a trace keeps 1 to " + MAX_MESSAGES + " messages, not " + keepMessages);
        }
        if (keepBytes < (64 << 10) || keepBytes > MAX_KEEP_BYTES) {
            throw new IllegalArgumentException("a trace keeps 64 KiB to 256 MiB, not " + keepBytes + " bytes");
        }
        if (maxDuration == null || maxDuration.compareTo(Duration.ofSeconds(1)) < 0
                || maxDuration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("a trace runs 1 s to 24 h, not " + maxDuration);
        }
        if (stopAfterBytes < 1) {
            throw new IllegalArgumentException("a trace's size limit must be positive, not " + stopAfterBytes);
        }
        if (stopAfterMessages < 1) {
            throw new IllegalArgumentException("a trace's message limit must be positive, not " + stopAfterMessages);
        }
    }

    /** Without a message limit. */
    public TraceLimits(int keepMessages, long keepBytes, Duration maxDuration, long stopAfterBytes) {
        this(keepMessages, keepBytes, maxDuration, stopAfterBytes, Long.MAX_VALUE);
    }

    /** 10,000 lines in at most 8 MiB, for at most 10 minutes or 1 GiB relayed. */
    public static TraceLimits defaults() {
        return new TraceLimits(10_000, 8L << 20, Duration.ofMinutes(10), 1L << 30);
    }

    public TraceLimits withKeepMessages(int n) {
        return new TraceLimits(n, keepBytes, maxDuration, stopAfterBytes, stopAfterMessages);
    }

    public TraceLimits withKeepBytes(long n) {
        return new TraceLimits(keepMessages, n, maxDuration, stopAfterBytes, stopAfterMessages);
    }

    public TraceLimits withMaxDuration(Duration d) {
        return new TraceLimits(keepMessages, keepBytes, d, stopAfterBytes, stopAfterMessages);
    }

    public TraceLimits withStopAfterBytes(long n) {
        return new TraceLimits(keepMessages, keepBytes, maxDuration, n, stopAfterMessages);
    }

    /** Stops after {@code n} lines; keeps at least that many (when the memory limit allows). */
    public TraceLimits withStopAfterMessages(long n) {
        int keep = (int) Math.max(keepMessages, Math.min(n, MAX_MESSAGES));
        return new TraceLimits(keep, keepBytes, maxDuration, stopAfterBytes, n);
    }
}
