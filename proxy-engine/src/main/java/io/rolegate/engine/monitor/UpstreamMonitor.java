package io.rolegate.engine.monitor;

import io.rolegate.engine.provisioning.AdminDatabase;
import io.rolegate.engine.threads.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads what the upstream server says about the sessions' backends — pg_stat_activity and pg_blocking_pids — the
 * facts pgAdmin's dashboard shows, over a connection of its own (never the provisioning one, which a slow
 * monitoring query must not hold up). One query for every backend, at most once a second, on a thread of its own
 * (never an event loop, never the console's), and only while somebody looks: a reader calls {@link #latest()},
 * and the monitor stops querying a few seconds after the last call.
 */
public final class UpstreamMonitor implements AutoCloseable {
    /** What the last read found: the rows by pid, when, and why there are none (null when the read worked). */
    public record Reading(Instant at, Map<Integer, BackendActivity> byPid, String problem) {
        public static final Reading NONE = new Reading(Instant.EPOCH, Map.of(), null);

        public Reading {
            byPid = Map.copyOf(byPid);
        }
    }

    static final String SQL = "SELECT pid, state, query, query_start, xact_start, wait_event_type, wait_event,"
            + " pg_blocking_pids(pid) FROM pg_stat_activity WHERE pid = ANY(?)";
    /** Nobody asked for this long: stop querying the server. */
    private static final Duration IDLE_AFTER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(UpstreamMonitor.class);

    private final AdminDatabase database;
    private final Supplier<int[]> backendPids;
    private final ScheduledExecutorService thread;
    private volatile Reading latest = Reading.NONE;
    private volatile long lastAskedNanos = System.nanoTime() - IDLE_AFTER.toNanos();
    private String lastProblemLogged;

    /**
     * @param database    the monitoring connection (a role with pg_monitor or pg_read_all_stats)
     * @param backendPids the live sessions' backend pids now (0 for a session without one yet is skipped)
     */
    public UpstreamMonitor(AdminDatabase database, Supplier<int[]> backendPids, Duration every) {
        this.database = Objects.requireNonNull(database, "database");
        this.backendPids = backendPids;
        this.thread = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("rolegate-upstream-monitor"));
        long ms = Math.max(1000, every.toMillis());
        thread.scheduleWithFixedDelay(this::readIfWatched, 0, ms, TimeUnit.MILLISECONDS);
    }

    /** The last reading (at most a second old while somebody keeps asking); never blocks. */
    public Reading latest() {
        lastAskedNanos = System.nanoTime();
        return latest;
    }

    private void readIfWatched() {
        if (System.nanoTime() - lastAskedNanos > IDLE_AFTER.toNanos()) {
            return;
        }
        try {
            latest = read();
            lastProblemLogged = null;
        } catch (SQLException | RuntimeException e) {
            String problem = "cannot read pg_stat_activity (" + database.description() + "): " + e.getMessage();
            latest = new Reading(Instant.now(), Map.of(), problem);
            if (!problem.equals(lastProblemLogged)) {
                log.warn("{}", problem);
                lastProblemLogged = problem;
            }
        }
    }

    /** One query for every backend; blocking JDBC on the monitor's own connection. */
    Reading read() throws SQLException {
        int[] pids = java.util.Arrays.stream(backendPids.get()).filter(p -> p != 0).distinct().toArray();
        if (pids.length == 0) {
            return new Reading(Instant.now(), Map.of(), null);
        }
        Map<Integer, BackendActivity> rows = database.inTransaction(c -> {
            Map<Integer, BackendActivity> found = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setArray(1, c.createArrayOf("int4", java.util.Arrays.stream(pids).boxed().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        BackendActivity row = row(rs);
                        found.put(row.pid(), row);
                    }
                }
            }
            return found;
        });
        boolean hidden = rows.values().stream().anyMatch(BackendActivity::hidden);
        return new Reading(Instant.now(), rows, hidden ? "the monitoring role (" + database.description()
                + ") may not see other roles' activity: GRANT pg_monitor (or pg_read_all_stats) to it" : null);
    }

    private static BackendActivity row(ResultSet rs) throws SQLException {
        Array blockers = rs.getArray(8);
        List<Integer> blocking = blockers == null ? List.of()
                : java.util.Arrays.stream((Integer[]) blockers.getArray()).toList();
        return new BackendActivity(rs.getInt(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)), rs.getString(6), rs.getString(7), blocking);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        database.close();
    }
}
