package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * One second of engine-wide traffic: per-second rates over the second that ended at {@code second}, and the
 * sessions and client connections open at its end. IN is what clients sent, OUT what they received.
 */
public record ThroughputSample(Instant second, long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                               long queries, long errors, int sessions, int connections) {
}
