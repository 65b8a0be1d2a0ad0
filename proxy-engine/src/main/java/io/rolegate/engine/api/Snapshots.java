package io.rolegate.engine.api;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;

import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.telemetry.Direction;
import io.rolegate.engine.telemetry.SessionCounters;

/** Copies a live session into an immutable {@link SessionSnapshot}. */
final class Snapshots {
    private Snapshots() {
    }

    /** {@code node}: the node the session lives on, this engine's. */
    static SessionSnapshot of(Session s, String node) {
        StartupMessage m = s.startup();
        SessionCounters c = s.counters();
        long trips = c.roundTrips();
        return new SessionSnapshot(s.id(), m.user(), m.database(), s.applicationName(), s.clientAddress(),
                SessionActivity.valueOf(s.state().name()), s.tls(), s.backendPid(), s.outcome().accepted(),
                c.bytes(Direction.IN), c.bytes(Direction.OUT), c.messages(Direction.IN), c.messages(Direction.OUT),
                c.queries(), c.transactions(), c.errors(), trips == 0 ? 0 : c.roundTripMicrosTotal() / trips,
                s.identity().directoryDn(), s.identity().loginRole(), s.identity().roles(), s.queries().lastRedacted(),
                s.recordedBecause(), node);
    }
}
