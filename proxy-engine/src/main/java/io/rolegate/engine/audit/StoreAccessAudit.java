package io.rolegate.engine.audit;

import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.session.AccessAudit;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionOutcome;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.telemetry.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.config.RecordingConfig;
import io.rolegate.engine.recording.RecordingWriter;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Records access in the store: the login (durably, before the client is admitted), refusals, and each finished
 * session in the audit chain and the session history. Appends are asynchronous group commits; the session history
 * is plain JDBC, so it runs on its own thread, never an event loop.
 */
public final class StoreAccessAudit implements AccessAudit, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreAccessAudit.class);

    private final Store store;
    private final String authMode;
    private final Supplier<QueryCaptureConfig> capture;
    private final QueryCaptureLog queries;
    private final Supplier<RecordingConfig> recording;
    private final RecordingWriter recordings;
    private final ExecutorService history = Executors.newSingleThreadExecutor(
            io.rolegate.engine.threads.BackgroundThreads.named("rolegate-session-history"));

    /** @param capture the query-capture policy in force (read at each admission, so changes apply to new sessions) */
    public StoreAccessAudit(Store store, String authMode, Supplier<QueryCaptureConfig> capture) {
        this(store, authMode, capture, RecordingConfig::off);
    }

    /** @param recording which sessions are recorded (policies.record), read at each admission like capture */
    public StoreAccessAudit(Store store, String authMode, Supplier<QueryCaptureConfig> capture,
                            Supplier<RecordingConfig> recording) {
        this.store = store;
        this.authMode = authMode;
        this.capture = capture;
        this.queries = new QueryCaptureLog(store.audit());
        this.recording = recording;
        this.recordings = new RecordingWriter(store.recordings(), store.audit());
    }

    /** The recorded sessions' writer: counts and queue depth for the metrics. */
    public RecordingWriter recordings() {
        return recordings;
    }

    /** The statements captured into the audit: counts and queue depth for the metrics. */
    public QueryCaptureLog queryCapture() {
        return queries;
    }

    @Override
    public CompletableFuture<?> admitted(Session s) {
        return durably(store.audit().append(admission(s)));
    }

    /**
     * The decision's records and the admission in one transaction: a login on a kept server connection is admitted
     * moments after its decision, and two commits in a row would make its client wait for both.
     */
    @Override
    public CompletableFuture<?> decidedAndAdmitted(Session s, String explanation, List<String> sqlRun) {
        List<AuditEvent> events = new java.util.ArrayList<>(decision(s, explanation, sqlRun));
        events.add(admission(s));
        return durably(store.audit().appendTogether(events));
    }

    /** Fails with what the client is told when the records could not be made durable. */
    private CompletableFuture<?> durably(CompletableFuture<?> committed) {
        return committed.handle((done, failure) -> {
            if (failure != null) {
                throw refusal(failure);
            }
            return done;
        });
    }

    /** The AUTH_SUCCEEDED record; sets up query capture and recording first, so the first statement is in them. */
    private AuditEvent admission(Session s) {
        Set<String> roles = new HashSet<>(s.identity().roles());
        if (s.identity().loginRole() != null) {
            roles.add(s.identity().loginRole());
        }
        CaptureMode mode = capture.get().modeFor(roles);
        if (mode != CaptureMode.OFF) {
            // set before AuthenticationOk is sent, so the session's first statement is captured too
            s.queries().into(queries.sink(mode));
        }
        // decided once, with the session's own facts (groups, roles), before AuthenticationOk: from its first statement
        Optional<String> recorded = recording.get().reasonFor(s.identity().groups(), roles);
        recorded.ifPresent(because -> recordings.begin(s, because, mode));
        return base(AuditEventType.AUTH_SUCCEEDED, s, "authenticated (" + authMode + ")")
                .withDetails(identity(AuditDetails.create()
                        .put("login_name", s.startup().user())
                        .put("database", s.startup().database()), s)
                        .put("application", s.applicationName())
                        .put("tls", s.tls() == null ? "off" : s.tls())
                        .put("auth", authMode)
                        .put("server_connection", s.serverConnectionReused() ? "kept, pid " + s.backendPid() : "new")
                        .put("capture_queries", mode.name().toLowerCase(java.util.Locale.ROOT))
                        .put("recorded", recorded.orElse("no")));
    }

    /** What the client whose login could not be recorded is told: disk full (53100) or store unwritable (58000). */
    private io.rolegate.engine.session.AuditUnavailableException refusal(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        boolean full = store.outOfDiskSpace(cause);
        log.warn("login refused: its audit record could not be written to the store {}{}: {}", store.name(),
                full ? " (disk full)" : "", cause.getMessage());
        return full
                ? new io.rolegate.engine.session.AuditUnavailableException(
                        io.rolegate.engine.protocol.SqlState.DISK_FULL, "rolegate: the audit log cannot record this"
                        + " login because the disk of Rolegate's data directory is full, so it is refused; ask the"
                        + " DBA to free space", cause)
                : new io.rolegate.engine.session.AuditUnavailableException(
                        io.rolegate.engine.protocol.SqlState.SYSTEM_ERROR, "rolegate: the audit log cannot record"
                        + " this login because Rolegate's store cannot be written, so it is refused; try again later"
                        + " or ask the DBA", cause);
    }

    @Override
    public void decided(Session s, String explanation, List<String> sqlRun) {
        decision(s, explanation, sqlRun).forEach(this::append);
    }

    /** ACCESS_DECIDED, and PROVISIONED when SQL ran to make the role agree. */
    private List<AuditEvent> decision(Session s, String explanation, List<String> sqlRun) {
        AuditEvent decided = base(AuditEventType.ACCESS_DECIDED, s, explanation)
                .withDetails(identity(AuditDetails.create()
                        .put("role", s.identity().loginRole())
                        .put("database", s.startup().database()), s));
        if (sqlRun.isEmpty()) {
            return List.of(decided);
        }
        return List.of(decided, base(AuditEventType.PROVISIONED, s, "provisioned role " + s.identity().loginRole())
                .withDetails(AuditDetails.create().put("sql", sqlRun)));
    }

    @Override
    public void passwordSetAgain(Session s, List<String> sqlRun) {
        append(base(AuditEventType.PROVISIONED, s, "password of " + s.identity().loginRole() + " set again: the server"
                + " rejected the managed login")
                .withDetails(AuditDetails.create().put("sql", sqlRun)));
    }

    @Override
    public void refused(Session s) {
        SessionOutcome o = s.outcome();
        // a session whose login record failed after its recording began: close the recording (it holds nothing)
        recordings.end(s, o.ended() != null ? o.ended() : java.time.Instant.now());
        String state = o.sqlState();
        boolean authFailure = SqlState.INVALID_PASSWORD.equals(state) || SqlState.INVALID_AUTHORIZATION.equals(state);
        String message = o.message() != null ? o.message()
                : "ended before authentication (" + o.endReason().label() + ")";
        append(base(authFailure ? AuditEventType.AUTH_FAILED : AuditEventType.CONNECTION_REJECTED, s, message)
                .withSqlstate(state)
                .withDetails(identity(AuditDetails.create().put("reason", o.endReason().label())
                        .put("database", s.startup() == null ? null : s.startup().database()), s)));
    }

    @Override
    public void throttled(Session s, String message) {
        append(base(AuditEventType.AUTH_FAILED, s, message + " (later refusals of this burst are not recorded)")
                .withSqlstate(s.outcome().sqlState() != null ? s.outcome().sqlState() : SqlState.INVALID_AUTHORIZATION)
                .withDetails(AuditDetails.create().put("reason", "login-throttled")));
    }

    @Override
    public void ended(Session s) {
        var c = s.counters();
        SessionOutcome o = s.outcome();
        recordings.end(s, o.ended() != null ? o.ended() : java.time.Instant.now());
        long millis = Duration.between(o.accepted(), o.ended()).toMillis();
        append(base(AuditEventType.SESSION_ENDED, s, "session ended: " + o.endReason().label())
                .withSqlstate(o.endReason().sqlState()).withActor(o.endedBy())
                .withDetails(identity(AuditDetails.create()
                        .put("reason", o.endReason().label())
                        .put("database", s.startup() == null ? null : s.startup().database()), s)
                        .put("duration_ms", millis)
                        .put("bytes_in", c.bytes(Direction.IN)).put("bytes_out", c.bytes(Direction.OUT))
                        .put("messages_in", c.messages(Direction.IN)).put("messages_out", c.messages(Direction.OUT))
                        .put("queries", c.queries()).put("errors", c.errors())));
        SessionRecord record = new SessionRecord(s.id(), s.identity().loginRole(), s.identity().directoryDn(),
                List.copyOf(new java.util.TreeSet<>(s.identity().roles())), s.clientAddress(),
                s.applicationName(), s.startup().database(), o.accepted(), o.ended(),
                c.bytes(Direction.IN), c.bytes(Direction.OUT), c.messages(Direction.IN), c.messages(Direction.OUT),
                c.queries(), o.endReason().label());
        history.execute(() -> {
            try {
                store.sessionHistory().record(record);
            } catch (RuntimeException e) {
                log.error("could not record session {} in the session history", s.id(), e);
            }
        });
    }

    /** Most group DNs one record carries (the details column holds 32 000 characters, shared with the rest). */
    private static final int GROUPS_TEXT_LIMIT = 16_000;

    /**
     * The directory identity a SIEM correlates on (issue 18): the entry's DN, its groups and the mapped roles, when
     * the directory said who this is. Groups beyond {@link #GROUPS_TEXT_LIMIT} characters are left out, and said so.
     */
    static AuditDetails identity(AuditDetails d, Session s) {
        if (s.identity().directoryDn() == null) {
            return d;
        }
        List<String> groups = new java.util.ArrayList<>();
        int length = 0;
        for (String g : new java.util.TreeSet<>(s.identity().groups())) {
            length += g.length() + 3;
            if (length > GROUPS_TEXT_LIMIT) {
                d.put("groups_truncated", true);
                break;
            }
            groups.add(g);
        }
        return d.put("directory_dn", s.identity().directoryDn())
                .put("groups", groups)
                .put("roles", List.copyOf(new java.util.TreeSet<>(s.identity().roles())));
    }

    private AuditEvent base(AuditEventType type, Session s, String message) {
        AuditEvent e = AuditEvent.of(type, message).withSessionId(String.valueOf(s.id()))
                .withClientAddress(s.clientAddress());
        // the entry's managed role once the directory said who this is: ALICE and alice are one user in the audit
        return s.startup() == null ? e : e.withUser(s.identity().loginRole());
    }

    private void append(AuditEvent event) {
        store.audit().append(event).whenComplete((seq, failure) -> {
            if (failure != null) {
                log.error("could not append a {} event to the audit log", event.type(), failure);
            }
        });
    }

    /** Waits briefly for queued session-history writes, so a clean stop loses none. */
    @Override
    public void close() {
        queries.close();
        recordings.close();
        history.shutdown();
        try {
            if (!history.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("session history writes still pending at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
