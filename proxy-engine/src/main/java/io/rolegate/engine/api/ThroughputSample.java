package io.rolegate.engine.api;

import java.time.Instant;

/** One second of engine-wide traffic. Filled in with the telemetry room. */
public record ThroughputSample(Instant second, long bytesIn, long bytesOut, long messagesIn, long messagesOut,
                               int sessions) {
}
