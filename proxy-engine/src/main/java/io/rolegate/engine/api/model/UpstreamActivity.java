package io.rolegate.engine.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream's facts about the live sessions, read together in one query over the engine's monitoring connection
 * (at most once a second, while somebody asks).
 *
 * @param readAt    when the server was asked (the epoch before the first reading)
 * @param bySession the facts by session id; a session missing here has no backend yet or was not read yet
 * @param problem   why facts are missing, in words for a DBA (no monitoring connection, a grant missing, the
 *                  server unreachable); null when the reading worked
 */
public record UpstreamActivity(Instant readAt, Map<Long, SessionActivityFacts> bySession, String problem) {
    public static final UpstreamActivity NONE = new UpstreamActivity(Instant.EPOCH, Map.of(), null);

    public UpstreamActivity {
        bySession = Map.copyOf(bySession);
    }

    public Optional<SessionActivityFacts> of(long sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }
}
