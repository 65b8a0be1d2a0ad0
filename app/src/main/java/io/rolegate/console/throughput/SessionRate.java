package io.rolegate.console.throughput;

import java.time.Instant;

/** One session's traffic per second over the interval that ended at {@code at}. */
public record SessionRate(long sessionId, Instant at, double bytesIn, double bytesOut, double messagesIn,
                          double messagesOut, double queries) {
}
