package io.rolegate.engine.api.model;

import java.time.Instant;
import java.util.List;

/**
 * What the upstream server says about one session's backend, from pg_stat_activity and pg_blocking_pids: the facts
 * pgAdmin's dashboard shows. Null fields are what the server left null (no statement yet, not waiting).
 *
 * @param state            pg_stat_activity.state: "active", "idle", "idle in transaction", ...
 * @param query            the current (active) or last statement; redacted (literals as ?) when
 *                         {@code queryRedacted}, which is how a viewer who may not read statements sees it
 * @param queryStart       when that statement started
 * @param transactionStart when the open transaction started; null outside one
 * @param waitEventType    "Lock", "LWLock", "IO", "Client", ... or null when not waiting
 * @param blockingPids     the backends holding the lock this one waits for (pg_blocking_pids)
 * @param blockingSessions of those, the Rolegate sessions they belong to (a blocker outside the proxy has none)
 */
public record SessionActivityFacts(long sessionId, int backendPid, String state, String query, boolean queryRedacted,
                                   Instant queryStart, Instant transactionStart, String waitEventType,
                                   String waitEvent, List<Integer> blockingPids, List<Long> blockingSessions) {
    public SessionActivityFacts {
        blockingPids = List.copyOf(blockingPids);
        blockingSessions = List.copyOf(blockingSessions);
    }

    /** Blocked behind another backend's lock (pgAdmin's "waiting" rows). */
    public boolean waiting() {
        return !blockingPids.isEmpty() || "Lock".equals(waitEventType);
    }

    /** "waiting" when blocked, else the server's state ("active", "idle in transaction"). */
    public String stateLabel() {
        return waiting() ? "waiting" : state == null ? "" : state;
    }

    /** "Lock: transactionid", "Client: ClientRead", or null when the backend waits for nothing. */
    public String waitEventLabel() {
        if (waitEventType == null) {
            return null;
        }
        return waitEvent == null ? waitEventType : waitEventType + ": " + waitEvent;
    }
}
