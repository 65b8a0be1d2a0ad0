package io.rolegate.console.engine;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;
import io.rolegate.engine.api.model.UpstreamActivity;

import java.time.Instant;
import java.util.List;

/**
 * What the console learns about the engine once a second: the throughput samples since the last tick (usually one;
 * more when the UI thread was busy, so no chart point is lost), the sessions as they were at {@code at}, and the
 * upstream's facts about them (pg_stat_activity, as the person logged in may read them), and the engine's open
 * client connections ({@link #UNKNOWN} when attached).
 */
public record EngineTick(Instant at, List<ThroughputSample> samples, List<SessionSnapshot> sessions,
                         int openConnections, UpstreamActivity activity) {
    /** {@code openConnections} of an engine that does not say (attached). */
    public static final int UNKNOWN = -1;

    public EngineTick {
        samples = List.copyOf(samples);
        sessions = List.copyOf(sessions);
        activity = activity == null ? UpstreamActivity.NONE : activity;
    }

    public EngineTick(Instant at, List<ThroughputSample> samples, List<SessionSnapshot> sessions, int openConnections) {
        this(at, samples, sessions, openConnections, UpstreamActivity.NONE);
    }
}
