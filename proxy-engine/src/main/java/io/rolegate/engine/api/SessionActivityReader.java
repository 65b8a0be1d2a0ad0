package io.rolegate.engine.api;

import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.UpstreamActivity;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
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
    private final Supplier<UpstreamMonitor> monitor;
    private final Supplier<QueryCaptureConfig> capture;

    SessionActivityReader(SessionRegistry registry, Supplier<UpstreamMonitor> monitor,
                          Supplier<QueryCaptureConfig> capture) {
        this.registry = registry;
        this.monitor = monitor;
        this.capture = capture;
    }

    /** Every live session's pids for the monitor's one query. */
    static int[] backendPids(SessionRegistry registry) {
        return registry.live().stream().mapToInt(Session::backendPid).toArray();
    }

    UpstreamActivity read(boolean viewerReadsStatements) {
        UpstreamMonitor m = monitor.get();
        if (m == null) {
            return new UpstreamActivity(java.time.Instant.now(), Map.of(), NO_MONITOR);
        }
        UpstreamMonitor.Reading reading = m.latest();
        Map<Integer, Long> sessionOfPid = new HashMap<>();
        List<Session> live = new ArrayList<>(registry.live());
        for (Session s : live) {
            if (s.backendPid() != 0) {
                sessionOfPid.put(s.backendPid(), s.id());
            }
        }
        Map<Long, SessionActivityFacts> facts = new HashMap<>();
        for (Session s : live) {
            BackendActivity row = reading.byPid().get(s.backendPid());
            if (row != null && !row.hidden()) {
                facts.put(s.id(), facts(s, row, sessionOfPid, viewerReadsStatements || captures(s)));
            }
        }
        return new UpstreamActivity(reading.at(), facts, reading.problem());
    }

    private boolean captures(Session s) {
        Set<String> roles = new HashSet<>(s.identity().roles());
        if (s.identity().loginRole() != null) {
            roles.add(s.identity().loginRole());
        }
        return capture.get().modeFor(roles) == CaptureMode.FULL;
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
