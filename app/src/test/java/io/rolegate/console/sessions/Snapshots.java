package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.time.Instant;
import java.util.Set;

/** Session snapshots for view-model tests, shaped like the engine's. */
public final class Snapshots {
    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Snapshots() {
    }

    public static SessionSnapshot session(long id, String user, String db, String app, SessionActivity state,
                                          Instant started) {
        return new SessionSnapshot(id, user, db, app, "127.0.0.1:" + (50000 + id), state, null, 4000 + (int) id,
                started, 0, 0, 0, 0, 0, 0, 0, 0, null, null, Set.of(), null, null, "node-1");
    }

    public static SessionSnapshot traffic(SessionSnapshot s, long bytesIn, long bytesOut, long msgsIn, long msgsOut,
                                          long queries) {
        return new SessionSnapshot(s.id(), s.user(), s.database(), s.applicationName(), s.clientAddress(),
                s.state(), s.tls(), s.backendPid(), s.started(), bytesIn, bytesOut, msgsIn, msgsOut, queries,
                s.transactions(), s.errors(), s.avgRoundTripMicros(), s.directoryDn(), s.role(), s.roles(),
                s.lastQuery(), s.recordedBecause(), s.node());
    }
}
