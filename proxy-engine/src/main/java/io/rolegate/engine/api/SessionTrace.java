package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;
import io.rolegate.engine.trace.SessionTap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * A protocol trace an auditor started on one session ({@link EngineTraces#start}): its lines while it runs and after
 * it stopped, Stop, and Export as JSON Lines. Reading on needs the engine's record of the reader to be an auditor;
 * exporting asks the directory again and is audited, as is stopping. Blocking calls (export, stop's audit): call
 * from a background thread, never the JavaFX thread or an event loop.
 */
public final class SessionTrace implements ProtocolTraces.Trace {
    /** Lines handed out per call, so a poll never copies a whole large buffer at once. */
    public static final int PAGE = 2000;

    private final SessionTap tap;
    private final String startedBy;
    private final Instant started;
    private final boolean wholeStatements;
    private final EngineTraces room;

    SessionTrace(SessionTap tap, String startedBy, Instant started, boolean wholeStatements, EngineTraces room) {
        this.tap = tap;
        this.startedBy = startedBy;
        this.started = started;
        this.wholeStatements = wholeStatements;
        this.room = room;
    }

    @Override
    public long sessionId() {
        return tap.sessionId();
    }

    public TraceStatus status() {
        String reason = tap.stopReason();
        return new TraceStatus(tap.sessionId(), startedBy, started, reason == null, reason, tap.lastSeq(),
                tap.kept(), tap.dropped(), tap.lastSeq());
    }

    /**
     * The kept lines numbered above {@code afterSeq} (at most {@link #PAGE}), statement text as
     * {@code policies.captureQueries} keeps it for this session. {@code reader} must be an auditor by the engine's
     * record of their login (else {@link PermissionDenied}, audited).
     */
    @Override
    public List<TraceMessage> messagesAfter(long afterSeq, ConsoleIdentity reader) {
        room.requireReader(reader, this, "read");
        return tap.lines(afterSeq, PAGE, wholeStatements);
    }

    /** Where the trace stands, for {@code reader}, an auditor by the engine's record of their login (else refused). */
    @Override
    public TraceStatus status(ConsoleIdentity reader) {
        room.requireReader(reader, this, "read");
        return status();
    }

    /**
     * Stops the trace for {@code who}, an auditor by the engine's record of their login (else {@link PermissionDenied},
     * audited: a non-auditor must not end a trace that watches someone), audited with their name; nothing happens when
     * it already stopped.
     */
    @Override
    public void stop(ConsoleIdentity who) {
        room.requireReader(who, this, "stop");
        if (tap.stopReason() != null) {
            return;
        }
        String name = room.nameOf(who);
        room.record(AuditEvent.of(AuditEventType.SESSION_TRACE, "trace of session " + sessionId() + " stopped by "
                        + name).withActor(name).withUser(tap.user())
                .withDetails(AuditDetails.create().put("action", "stop")), sessionId(), "the trace was not stopped");
        tap.stop("stopped by " + name);
    }

    /**
     * Writes every kept line as JSON Lines (one {@link TraceMessage#toJson()} object per line) to {@code out}, for
     * {@code who}, an auditor by the directory's word now (else {@link PermissionDenied}); the export is in the audit
     * log, with the reader, before the first line is written. Returns the number of lines written.
     */
    @Override
    public long export(Writer out, ConsoleIdentity who) {
        String what = "export the trace of session " + sessionId();
        String name = room.requireAuditor(who, what).username();
        TraceStatus s = status();
        room.record(AuditEvent.of(AuditEventType.SESSION_TRACE, "trace of session " + sessionId() + " exported by "
                        + name + " (" + s.kept() + " lines, " + s.dropped() + " dropped)").withActor(name)
                .withUser(tap.user()).withDetails(AuditDetails.create().put("action", "export").put("lines", s.kept())
                        .put("dropped", s.dropped())), sessionId(), "nothing was exported");
        long written = 0;
        long after = 0;
        try {
            while (true) {
                List<TraceMessage> page = tap.lines(after, PAGE, wholeStatements);
                if (page.isEmpty()) {
                    break;
                }
                for (TraceMessage m : page) {
                    out.write(m.toJson());
                    out.write('\n');
                    written++;
                }
                after = page.get(page.size() - 1).seq();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the trace of session " + sessionId() + " could not be written: "
                    + e.getMessage(), e);
        }
        return written;
    }

    /** Completes when the trace stopped, with why. */
    public java.util.concurrent.CompletableFuture<String> stopped() {
        return tap.stopped().copy();
    }

    SessionTap tap() {
        return tap;
    }

    static EngineException notRunning(long id) {
        return new EngineException("session " + id + " is not a live session: only live sessions can be traced");
    }
}
