package io.rolegate.engine.audit;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.session.StatementSink;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.telemetry.SqlRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes captured statements to the audit chain. The event loop only offers the statement's bytes to a bounded
 * queue; decoding, redaction and the append happen on this class's thread, which hands whole batches to the audit
 * writer's group commit and waits for them, so at most one batch is in flight. When the store falls behind and the
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
    private final BlockingQueue<Captured> queue;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedUnreported = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public QueryCaptureLog(AuditLog audit) {
        this(audit, DEFAULT_CAPACITY);
        start();
    }

    /** Not yet writing: {@link #start()} begins (tests fill the queue first to see what a full one does). */
    QueryCaptureLog(AuditLog audit, int capacity) {
        this.audit = audit;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(io.rolegate.engine.threads.BackgroundThreads.lowPriority(this::run),
                "rolegate-query-capture");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
        if (closing || !queue.offer(new Captured(Instant.now(), sessionId, user, clientAddress, text, cut, extended,
                mode))) {
            dropped.incrementAndGet();
            droppedUnreported.incrementAndGet();
        }
    }

    /** Statements written to the audit so far. */
    public long written() {
        return written.get();
    }

    /** Statements dropped because the queue was full (or the engine stopping). */
    public long dropped() {
        return dropped.get();
    }

    /** Statements waiting to be written. */
    public int queueDepth() {
        return queue.size();
    }

    private void run() {
        List<Captured> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            batch.clear();
            try {
                Captured first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
            } catch (InterruptedException e) {
                // only close() stops this thread, after the queue is drained; an interrupt would lose statements
                continue;
            }
            writeBatch(batch);
        }
        writeBatch(List.of());
    }

    private void writeBatch(List<Captured> batch) {
        List<CompletableFuture<Long>> appends = new ArrayList<>(batch.size() + 1);
        long missed = droppedUnreported.getAndSet(0);
        if (missed > 0) {
            appends.add(audit.append(AuditEvent.of(AuditEventType.QUERY_CAPTURE_DROPPED, missed
                    + " statement(s) were not captured: the audit store fell behind and the capture queue was full")
                    .withDetails(AuditDetails.create().put("dropped", missed).put("dropped_total", dropped.get()))));
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
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("{} captured statement(s) still queued at shutdown", queue.size());
        }
    }
}
