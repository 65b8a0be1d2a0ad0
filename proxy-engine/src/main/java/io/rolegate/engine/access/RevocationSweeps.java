package io.rolegate.engine.access;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Json;
import io.rolegate.engine.session.RevocationWords;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.store.audit.AuditLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A revocation's sweep of a role's backends, as the store records it (decision 0037). Before a node terminates every
 * backend of a revoked role ({@code pg_terminate_backend}), its audit chain records the words the role's sessions
 * are told, marked as a sweep of that role ({@link #notice}); the record is committed before the sweep runs. A node
 * whose session's server then says FATAL 57P01 reads that record back ({@link #of}) and tells its client those
 * words instead of PostgreSQL's "terminating connection due to administrator command". With no such record since
 * the session began, the 57P01 was someone else's (a DBA's own pg_terminate_backend, a server shutting down) and the
 * client reads it as PostgreSQL said it.
 */
public final class RevocationSweeps implements RevocationWords, AutoCloseable {
    /** The detail naming the role whose backends are swept next. */
    static final String SWEEP = "sweep";
    /** How far two nodes' clocks may disagree about when a session began and when a sweep was recorded. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(2);
    /** A sweep ends backends within moments of its record: older records are not looked at. */
    static final Duration LOOK_BACK = Duration.ofSeconds(60);
    private static final int AT_MOST = 20;

    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(
            io.rolegate.engine.threads.BackgroundThreads.named("rolegate-revocation-words"));

    public RevocationSweeps(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** The details of the record a node writes (the client's words its message) before sweeping {@code role}. */
    static AuditDetails notice(String role) {
        return AuditDetails.create().put("role", role).put(SWEEP, role);
    }

    @Override
    public CompletableFuture<Optional<String>> of(Session session) {
        String role = session.identity().loginRole();
        Instant began = session.outcome().accepted();
        if (role == null || began == null || session.identity().directoryDn() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Instant since = began.minus(CLOCK_SLACK);
        Instant recent = clock.instant().minus(LOOK_BACK);
        Instant from = since.isAfter(recent) ? since : recent;
        try {
            return CompletableFuture.supplyAsync(() -> sweptSince(role, from), reader);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** The words of the newest sweep of {@code role} recorded at or after {@code from}, on any node's chain. */
    Optional<String> sweptSince(String role, Instant from) {
        List<AuditRecord> found = audit.query(AuditQuery.all().since(from).type(AuditEventType.REVOCATION)
                .text("\"" + SWEEP + "\":" + Json.quote(role)).limit(AT_MOST).newestFirstOrder());
        return found.stream().max(Comparator.comparing((AuditRecord r) -> r.event().time()))
                .map(r -> r.event().message());
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
