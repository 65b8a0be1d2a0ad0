package io.rolegate.console.throughput;

import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.SessionSnapshot;

/** A live session as the per-session chart's picker names it. */
public record SessionChoice(long sessionId, String label) {
    static SessionChoice of(SessionSnapshot s) {
        return new SessionChoice(s.id(), "#" + s.id() + "  " + s.user() + " on " + s.database() + " from "
                + Formats.address(s.clientAddress()));
    }

    @Override
    public String toString() {
        return label;
    }
}
