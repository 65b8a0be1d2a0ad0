package io.rolegate.engine.monitor;

import java.time.Instant;
import java.util.List;

/**
 * One row of the upstream's pg_stat_activity for a backend a session uses, as the monitoring role read it. Fields
 * are null where the server said so (no query yet, not waiting) or where the role may not see them.
 *
 * @param query        the statement text exactly as the server shows it: literals included; redact before showing
 * @param blockingPids what {@code pg_blocking_pids(pid)} returned: the backends holding the lock this one waits for
 */
public record BackendActivity(int pid, String state, String query, Instant queryStart, Instant transactionStart,
                              String waitEventType, String waitEvent, List<Integer> blockingPids) {
    /** What pg_stat_activity shows for another role's backend to a role without pg_read_all_stats. */
    public static final String INSUFFICIENT_PRIVILEGE = "<insufficient privilege>";

    public BackendActivity {
        blockingPids = List.copyOf(blockingPids);
    }

    /** The server hid this backend's facts from the monitoring role. */
    public boolean hidden() {
        return INSUFFICIENT_PRIVILEGE.equals(query);
    }
}
