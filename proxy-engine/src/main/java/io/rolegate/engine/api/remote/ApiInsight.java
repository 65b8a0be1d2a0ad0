package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.SessionTrace;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes that look inside sessions — protocol traces and session recordings — for auditors only
 * ({@code console.auditorGroup}). The engine decides each one by the caller's login ({@link Engine#traces()},
 * {@link Engine#recordings()}): a refusal (403) and every start, stop, export and recording read are in the audit
 * log with the caller's name, exactly as for the console.
 */
final class ApiInsight {
    static final String TRACE_EXAMPLE = "{\"seconds\":60,\"maxMessages\":1000}";
    private static final String TRACE = ApiRoutes.PREFIX + "/sessions/{id}/trace";
    private static final String RECORDINGS = ApiRoutes.PREFIX + "/recordings";
    /** Stopped traces the API keeps for reading and export after they end, newest last. */
    private static final int KEEP_STOPPED = 16;

    private final Engine engine;
    /** The last trace started through the API on each session, kept after it stopped (bounded). */
    private final Map<Long, SessionTrace> started = new LinkedHashMap<>();

    ApiInsight(Engine engine) {
        this.engine = engine;
    }

    List<Route> routes() {
        return List.of(
                Route.audit("POST", TRACE, TRACE_EXAMPLE,
                        "start a protocol trace of a live session, bounded by time and/or messages", this::start),
                Route.audit("GET", TRACE, null, "where the session's trace stands", c -> trace(c).status(c.who())),
                Route.audit("GET", TRACE + "/messages", null, "the trace's lines after a sequence number",
                        this::messages),
                Route.audit("GET", TRACE + "/export", null, "the trace as JSON Lines (audited)", this::exportTrace),
                Route.audit("POST", TRACE + "/stop", "{}", "stop the session's trace (audited)", this::stop),
                Route.audit("GET", RECORDINGS, null,
                        "recorded sessions by user, role, statement text, SQLSTATE and time, newest first",
                        this::search),
                Route.audit("GET", RECORDINGS + "/{id}", null, "one recorded session with its statements",
                        c -> engine.recordings().detail(c.pathNumber("id"), c.who())
                                .orElseThrow(() -> ApiError.notFound("there is no recording " + c.pathNumber("id")
                                        + " (retention may have removed it)"))),
                Route.audit("GET", RECORDINGS + "/{id}/export", null, "one recorded session as JSON Lines",
                        c -> Streamed.jsonLines(out -> engine.recordings().export(c.pathNumber("id"), out,
                                c.who()))));
    }

    /** {@code POST /sessions/{id}/trace}: bounds; what is not given keeps the console's defaults. */
    record TraceStart(Long seconds, Long maxMessages, Integer keepMessages) {
        TraceLimits limits() {
            TraceLimits l = TraceLimits.defaults();
            if (seconds != null) {
                l = l.withMaxDuration(Duration.ofSeconds(seconds));
            }
            if (keepMessages != null) {
                l = l.withKeepMessages(keepMessages);
            }
            if (maxMessages != null) {
                l = l.withStopAfterMessages(maxMessages);
            }
            return l;
        }
    }

    /** {@code GET …/trace/messages}: where the trace stands and its next lines (poll with {@code after}). */
    record Messages(TraceStatus status, List<TraceMessage> messages) {
    }

    private Object start(Call c) {
        long id = c.pathNumber("id");
        TraceLimits limits = c.body(TraceStart.class).limits();
        SessionTrace trace = engine.traces().start(id, limits, c.who());
        keep(trace);
        return trace.status();
    }

    private synchronized void keep(SessionTrace trace) {
        started.remove(trace.sessionId());
        started.put(trace.sessionId(), trace);
        var it = started.values().iterator();
        int stopped = (int) started.values().stream().filter(t -> !t.status().running()).count();
        while (stopped > KEEP_STOPPED && it.hasNext()) {
            if (!it.next().status().running()) {
                it.remove();
                stopped--;
            }
        }
    }

    /** The session's running trace (console's or the API's), else the last one the API started on it. */
    private SessionTrace trace(Call c) {
        long id = c.pathNumber("id");
        Optional<SessionTrace> running = engine.traces().running(id);
        if (running.isPresent()) {
            return running.get();
        }
        synchronized (this) {
            SessionTrace kept = started.get(id);
            if (kept != null) {
                return kept;
            }
        }
        throw ApiError.notFound("session " + id + " has no trace: start one with POST " + TRACE.replace("{id}",
                Long.toString(id)));
    }

    private Object messages(Call c) {
        SessionTrace trace = trace(c);
        Long after = c.queryLong("after");
        TraceStatus status = trace.status(c.who()); // first: once it says stopped, the lines read next are all
        return new Messages(status, trace.messagesAfter(after == null ? 0 : Math.max(0, after), c.who()));
    }

    private Object exportTrace(Call c) {
        SessionTrace trace = trace(c);
        return Streamed.jsonLines(out -> trace.export(out, c.who()));
    }

    private Object stop(Call c) {
        SessionTrace trace = trace(c);
        c.body(ApiRoutes.EmptyBody.class);
        trace.stop(c.who());
        try {
            trace.stopped().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiError(503, "the trace of session " + trace.sessionId() + " did not stop within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while stopping the trace");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return trace.status(c.who());
    }

    private Object search(Call c) {
        RecordingQuery q = RecordingQuery.all().since(c.queryTime("since")).until(c.queryTime("until"))
                .user(c.query("user").orElse(null)).role(c.query("role").orElse(null))
                .text(c.query("text").orElse(null)).sqlState(c.query("sqlstate").orElse(null))
                .limit(c.queryNumber("limit", 100, 1, 1000));
        return engine.recordings().search(q, c.who());
    }
}
