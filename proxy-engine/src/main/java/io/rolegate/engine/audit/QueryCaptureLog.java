package io.rolegate.engine.audit;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.session.StatementSink;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.telemetry.SqlRedactor;
import io.rolegate.engine.threads.BatchingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes captured statements to the audit chain. The event loop only offers the statement's bytes to a bounded
 * {@link BatchingQueue}; decoding, redaction and the append happen on its thread, which hands whole batches to the
 * audit writer's group commit and waits for them, so at most one batch is in flight. When the store falls behind and the
 * queue is full, statements are dropped, counted, and the count is written to the chain as a
 * {@code QUERY_CAPTURE_DROPPED} event as soon as there is room: the audit says what it is missing.
 */
public final class QueryCaptureLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryCaptureLog.class);
    static final int DEFAULT_CAPACITY = 10_000;
    private static final int MAX_BATCH = 500;

    private record Captured(Instant at, long sessionId, String user, String clientAddress, byte[] text, boolean cut,
                            boolean extended, CaptureMode mode) {
    }

    private final AuditLog audit;
    private final BatchingQueue<Captured> queue;
    private final AtomicLong written = new AtomicLong();

    public QueryCaptureLog(AuditLog audit) {
        this(audit, DEFAULT_CAPACITY);
        start();
    }

    /** Not yet writing: {@link #start()} begins (tests fill the queue first to see what a full one does). */
    QueryCaptureLog(AuditLog audit, int capacity) {
        this.audit = audit;
        this.queue = new BatchingQueue<>("rolegate-query-capture", capacity, MAX_BATCH, c -> true, this::writeBatch);
    }

    void start() {
        queue.start();
    }

    /** A sink that captures a session's statements in {@code mode}; never blocks the event loop that calls it. */
    public StatementSink sink(CaptureMode mode) {
        return (session, text, cut, extended) -> offer(session.id(),
                session.startup() == null ? null : session.identity().loginRole(), session.clientAddress(), text, cut,
                extended, mode);
    }

    /** Queues one statement, or counts it as dropped when the queue is full; never blocks. */
    void offer(long sessionId, String user, String clientAddress, byte[] text, boolean cut, boolean extended,
               CaptureMode mode) {
        queue.offer(new Captured(Instant.now(), sessionId, user, clientAddress, text, cut, extended, mode));
    }

    /** Statements written to the audit so far. */
    public long written() {
        return written.get();
    }

    /** Statements dropped because the queue was full (or the engine stopping). */
    public long dropped() {
        return queue.dropped();
    }

    /** Statements waiting to be written. */
    public int queueDepth() {
        return queue.depth();
    }

    private void writeBatch(List<Captured> batch, long missed) {
        List<CompletableFuture<Long>> appends = new ArrayList<>(batch.size() + 1);
        if (missed > 0) {
            appends.add(audit.append(AuditEvent.of(AuditEventType.QUERY_CAPTURE_DROPPED, missed
                    + " statement(s) were not captured: the audit store fell behind and the capture queue was full")
                    .withDetails(AuditDetails.create().put("dropped", missed).put("dropped_total", dropped()))));
        }
        for (Captured c : batch) {
            appends.add(audit.append(event(c)));
        }
        if (appends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get();
            written.addAndGet(batch.size());
        } catch (ExecutionException e) {
            log.error("could not write {} captured statement(s) to the audit log", batch.size(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuditEvent event(Captured c) {
        String sql = new String(c.text(), StandardCharsets.UTF_8);
        String shown = c.mode() == CaptureMode.FULL ? sql : SqlRedactor.redact(sql);
        return AuditEvent.of(AuditEventType.QUERY, c.cut() ? shown + " …" : shown).at(c.at())
                .withSessionId(String.valueOf(c.sessionId())).withClientAddress(c.clientAddress()).withUser(c.user())
                .withDetails(AuditDetails.create()
                        .put("capture", c.mode().name().toLowerCase(java.util.Locale.ROOT))
                        .put("protocol", c.extended() ? "parse" : "simple")
                        .put("cut", c.cut()));
    }

    /** Writes what is queued, then stops; call before the store closes. */
    @Override
    public void close() {
        queue.close();
    }
}
