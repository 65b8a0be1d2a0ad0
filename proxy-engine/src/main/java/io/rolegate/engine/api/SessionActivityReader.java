package io.rolegate.engine.api;

import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.UpstreamActivity;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.monitor.BackendActivity;
import io.rolegate.engine.monitor.UpstreamMonitor;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.telemetry.SqlRedactor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The monitor's pg_stat_activity rows turned into facts about the live sessions, for one viewer: blocking pids
 * mapped to the sessions that hold them, and statement text shown as the viewer may read it — a console
 * administrator sees it as the server does (as they would in pgAdmin with the monitoring grant); anyone else sees
 * it as {@code policies.captureQueries} would keep it for that session: whole under {@code full}, else its shape
 * with every literal replaced by ?.
 */
final class SessionActivityReader {
    static final String NO_MONITOR = "no monitoring connection: upstream.admin is not set, so Rolegate cannot read"
            + " pg_stat_activity";

    private final SessionRegistry registry;
    private final Supplier<Map<UpstreamHost, UpstreamMonitor>> monitors;
    private final Supplier<QueryCaptureConfig> capture;

    SessionActivityReader(SessionRegistry registry, Supplier<Map<UpstreamHost, UpstreamMonitor>> monitors,
                          Supplier<QueryCaptureConfig> capture) {
        this.registry = registry;
        this.monitors = monitors;
        this.capture = capture;
    }

    /** The pids of the live sessions on {@code host}, for that host's monitor's one query. */
    static int[] backendPids(SessionRegistry registry, UpstreamHost host) {
        return registry.live().stream().filter(s -> host.equals(s.serverHost())).mapToInt(Session::backendPid)
                .toArray();
    }

    /** When each live session's current or last statement started, by session id, where the monitor knows it. */
    Map<Long, java.time.Instant> queryStarts() {
        Map<Long, java.time.Instant> out = new HashMap<>();
        read(false).bySession().forEach((id, f) -> {
            if (f.queryStart() != null) {
                out.put(id, f.queryStart());
            }
        });
        return out;
    }

    UpstreamActivity read(boolean viewerReadsStatements) {
        Map<UpstreamHost, UpstreamMonitor> each = monitors.get();
        if (each.isEmpty()) {
            return new UpstreamActivity(java.time.Instant.now(), Map.of(), NO_MONITOR);
        }
        Map<UpstreamHost, UpstreamMonitor.Reading> readings = new HashMap<>();
        each.forEach((host, m) -> readings.put(host, m.latest()));
        // a pid names a backend on one server only: blockers are looked up on the session's own host
        Map<UpstreamHost, Map<Integer, Long>> sessionOfPid = new HashMap<>();
        List<Session> live = new ArrayList<>(registry.live());
        for (Session s : live) {
            if (s.backendPid() != 0 && s.serverHost() != null) {
                sessionOfPid.computeIfAbsent(s.serverHost(), h -> new HashMap<>()).put(s.backendPid(), s.id());
            }
        }
        Map<Long, SessionActivityFacts> facts = new HashMap<>();
        for (Session s : live) {
            UpstreamMonitor.Reading reading = s.serverHost() == null ? null : readings.get(s.serverHost());
            BackendActivity row = reading == null ? null : reading.byPid().get(s.backendPid());
            if (row != null && !row.hidden()) {
                facts.put(s.id(), facts(s, row, sessionOfPid.getOrDefault(s.serverHost(), Map.of()),
                        viewerReadsStatements || captures(s)));
            }
        }
        java.time.Instant at = readings.values().stream().map(UpstreamMonitor.Reading::at)
                .min(java.util.Comparator.naturalOrder()).orElse(java.time.Instant.EPOCH);
        List<String> problems = readings.values().stream().map(UpstreamMonitor.Reading::problem)
                .filter(java.util.Objects::nonNull).distinct().toList();
        return new UpstreamActivity(at, facts, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private boolean captures(Session s) {
        return wholeStatements(s, capture.get());
    }

    /** Whether {@code policies.captureQueries} keeps {@code s}'s statements whole ({@code full}), not their shape. */
    static boolean wholeStatements(Session s, QueryCaptureConfig capture) {
        Set<String> roles = new HashSet<>(s.identity().roles());
        if (s.identity().loginRole() != null) {
            roles.add(s.identity().loginRole());
        }
        return capture.modeFor(roles) == CaptureMode.FULL;
    }

    private static SessionActivityFacts facts(Session s, BackendActivity row, Map<Integer, Long> sessionOfPid,
                                              boolean whole) {
        List<Long> blockers = row.blockingPids().stream().map(sessionOfPid::get)
                .filter(java.util.Objects::nonNull).toList();
        String query = row.query() == null || whole ? row.query() : SqlRedactor.redact(row.query());
        return new SessionActivityFacts(s.id(), row.pid(), row.state(), query, !whole && row.query() != null,
                row.queryStart(), row.transactionStart(), row.waitEventType(), row.waitEvent(), row.blockingPids(),
                blockers);
    }
}
