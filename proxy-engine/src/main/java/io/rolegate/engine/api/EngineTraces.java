package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.trace.SessionTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Protocol traces of live sessions ({@link Engine#traces()}), on demand: an auditor (a member of
 * {@code console.auditorGroup}, by the directory's word now) starts one on a session; it records each message both
 * ways with the fields a DBA reads, in a bounded buffer, until stopped, its limits, or the session's end. Starting,
 * stopping and exporting are audited with the reader's name, and so is every refusal. Off by default: a session
 * without a trace pays one field read per relayed read (decision "protocol trace tap"). Blocking calls: never from
 * the JavaFX thread or an event loop.
 */
public final class EngineTraces implements ProtocolTraces {
    private static final Logger log = LoggerFactory.getLogger(EngineTraces.class);

    private final SessionRegistry registry;
    private final Supplier<AuditLog> audit;
    private final BiFunction<ConsoleIdentity, String, ConsoleIdentity> auditor;
    private final Predicate<ConsoleIdentity> audits;
    private final Function<ConsoleIdentity, String> names;
    private final Supplier<QueryCaptureConfig> capture;
    /** The running trace of each traced session (one at a time per session). */
    private final Map<Long, SessionTrace> running = new ConcurrentHashMap<>();

    EngineTraces(SessionRegistry registry, Supplier<AuditLog> audit,
                 BiFunction<ConsoleIdentity, String, ConsoleIdentity> auditor, Predicate<ConsoleIdentity> audits,
                 Function<ConsoleIdentity, String> names, Supplier<QueryCaptureConfig> capture) {
        this.registry = registry;
        this.audit = audit;
        this.auditor = auditor;
        this.audits = audits;
        this.names = names;
        this.capture = capture;
    }

    /**
     * Starts tracing live session {@code sessionId} for {@code who}, an auditor now (else {@link PermissionDenied},
     * audited). The start is durably in the audit log before the first message is traced. Throws
     * {@link EngineException} when the session is not live or already traced.
     */
    @Override
    public SessionTrace start(long sessionId, TraceLimits limits, ConsoleIdentity who) {
        String name = auditor.apply(who, "trace session " + sessionId).username();
        Session session = registry.get(sessionId);
        if (session == null || !session.state().isRelaying()) {
            throw SessionTrace.notRunning(sessionId);
        }
        SessionTrace[] self = new SessionTrace[1];
        SessionTap tap = new SessionTap(session, limits, reason -> stoppedByItself(self[0], reason));
        SessionTrace trace = new SessionTrace(tap, name, Instant.now(),
                SessionActivityReader.wholeStatements(session, capture.get()), this);
        self[0] = trace;
        SessionTrace other = running.putIfAbsent(sessionId, trace);
        if (other != null) {
            throw new EngineException("session " + sessionId + " is already being traced (by "
                    + other.status().startedBy() + ")");
        }
        try {
            record(AuditEvent.of(AuditEventType.SESSION_TRACE, "trace of session " + sessionId + " started by "
                    + name + " (keeps " + limits.keepMessages() + " lines, at most " + limits.maxDuration() + ")")
                    .withActor(name).withUser(tap.user()).withDetails(AuditDetails.create().put("action", "start")
                            .put("keepMessages", limits.keepMessages()).put("keepBytes", limits.keepBytes())
                            .put("maxSeconds", limits.maxDuration().toSeconds())
                            .put("stopAfterBytes", limits.stopAfterBytes())), sessionId, "nothing was traced");
        } catch (RuntimeException notRecorded) {
            running.remove(sessionId, trace);
            throw notRecorded;
        }
        if (!attach(session, tap)) {
            running.remove(sessionId, trace);
            record(AuditEvent.of(AuditEventType.SESSION_TRACE, "trace of session " + sessionId
                    + " did not start: the session ended").withActor("engine")
                    .withDetails(AuditDetails.create().put("action", "stop")), sessionId, null);
            throw new EngineException("session " + sessionId + " ended before the trace started; nothing was traced");
        }
        return trace;
    }

    /** Attaches on the session's event loop; a tap that did not attach in time is stopped there (never left on). */
    private static boolean attach(Session session, SessionTap tap) {
        try {
            return session.attachTap(tap).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tap.stop("the start was interrupted");
            throw new EngineException("interrupted while starting the trace of session " + session.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            tap.stop("it did not start in time");
            throw new EngineException("the trace of session " + session.id() + " did not start: " + e, e);
        }
    }

    /** The trace running on {@code sessionId}, if any (to reopen its window). */
    public Optional<SessionTrace> running(long sessionId) {
        return Optional.ofNullable(running.get(sessionId));
    }

    /** On the event loop: the trace stopped (by a person, a limit or the session's end). Never blocks. */
    private void stoppedByItself(SessionTrace trace, String reason) {
        running.remove(trace.sessionId(), trace);
        if (!reason.startsWith("stopped by ")) {
            record(AuditEvent.of(AuditEventType.SESSION_TRACE, "trace of session " + trace.sessionId()
                    + " stopped: " + reason).withActor("engine")
                    .withDetails(AuditDetails.create().put("action", "stop")), trace.sessionId(), null);
        }
    }

    ConsoleIdentity requireAuditor(ConsoleIdentity who, String what) {
        return auditor.apply(who, what);
    }

    /**
     * Reading on in (or stopping) a trace: the engine's record of the login must be an auditor (refusal audited).
     * {@code verb}: "read" or "stop".
     */
    void requireReader(ConsoleIdentity reader, SessionTrace trace, String verb) {
        if (!audits.test(reader)) {
            String name = reader == null ? "(nobody)" : reader.username();
            PermissionDenied denied = new PermissionDenied("refused to " + verb + " the trace of session "
                    + trace.sessionId() + ": " + name + " is no console auditor by the engine's record of the login");
            try {
                record(AuditEvent.of(AuditEventType.CONSOLE_ACTION_REFUSED, denied.getMessage()).withActor(name)
                        .withDetails(AuditDetails.create().put("action", verb + " the trace of session "
                                + trace.sessionId())), trace.sessionId(), "the refusal is not on record");
            } catch (EngineException notRecorded) {
                denied.addSuppressed(notRecorded);
                log.error("a refused trace read is not on record: {}", notRecorded.getMessage());
            }
            throw denied;
        }
    }

    String nameOf(ConsoleIdentity who) {
        return names.apply(who);
    }

    /**
     * Durably when {@code otherwise} says what did not happen if it cannot be (a person's act takes effect only once
     * on record); queued when it is null (the engine's own note, from an event loop: never blocks nor throws).
     */
    void record(AuditEvent event, long sessionId, String otherwise) {
        AuditLog log = audit.get();
        AuditEvent e = event.withSessionId(String.valueOf(sessionId));
        if (otherwise != null) {
            if (log == null) {
                throw new EngineException("the engine is not running");
            }
            log.appendDurably(e, otherwise);
        } else if (log == null) {
            EngineTraces.log.warn("not on record (the engine is not running): {}", e.message());
        } else {
            log.append(e).whenComplete((seq, failed) -> {
                if (failed != null) {
                    EngineTraces.log.error("a trace event is not on record: {}", failed.getMessage());
                }
            });
        }
    }
}
