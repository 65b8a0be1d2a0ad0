package io.rolegate.console.engine;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;

import java.time.Instant;
import java.util.List;

/**
 * What the console learns about the engine once a second: the throughput samples since the last tick (usually one;
 * more when the UI thread was busy, so no chart point is lost) and the sessions as they were at {@code at}.
 */
public record EngineTick(Instant at, List<ThroughputSample> samples, List<SessionSnapshot> sessions,
                         int openConnections) {
    public EngineTick {
        samples = List.copyOf(samples);
        sessions = List.copyOf(sessions);
    }
}
