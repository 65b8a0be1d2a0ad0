package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ExportStatus;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.store.export.ExportCursors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One exporter, on a thread of its own: reads the committed records of this engine's own audit chain (its node's)
 * after its cursor, sends them, and moves the cursor only once the receiver acknowledged them. Each engine of a fleet
 * exports its own chain, so the cursor is the exporter's and the node's. The audit store is the backlog; nothing is kept in memory
 * but the batch in flight. While the receiver fails, attempts back off (1 s doubling up to maxBackoff) and the lag
 * grows on /metrics, with a warning in the log once it passes the configured limits.
 */
final class Exporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);
    /** Longest sleep with nothing to send: retention's cut is not announced, so look now and then anyway. */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** How long a stopping engine lets an exporter deliver what is left before it is cut off. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final ExportConfig config;
    private final AuditLog audit;
    /** The node whose chain this exporter sends: the audit log's own. */
    private final String node;
    private final ExportCursors cursors;
    private final Receiver receiver;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong newestCommitted = new AtomicLong();
    private final java.util.function.LongConsumer onCommit = this::committed;
    private volatile boolean stopping;
    private volatile boolean stopped;
    // read by /metrics scrapes on other threads
    private volatile long cursor;
    private volatile long lagRecords;
    private volatile double lagSeconds;
    private volatile String failureKind;
    private volatile String lastError;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private boolean warned;
    /** Whether the cursor has ever moved: a new exporter starts at the oldest record, which is no gap. */
    private boolean delivered;
    private long gapNotedAt = -1;

    Exporter(ExportConfig config, AuditLog audit, ExportCursors cursors, Receiver receiver, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.node = java.util.Objects.requireNonNull(audit.node(), "a reader's audit log has no chain to export");
        this.cursors = cursors;
        this.receiver = receiver;
        this.clock = clock;
        this.thread = new Thread(this::run, "rolegate-export-" + config.type().name().toLowerCase(
                java.util.Locale.ROOT));
        this.thread.setDaemon(true);
    }

    void start() {
        audit.onCommit(onCommit);
        thread.start();
    }

    ExportStatus status() {
        String kind = failureKind;
        return new ExportStatus(config.name(), config.type().name().toLowerCase(java.util.Locale.ROOT),
                config.destination(), cursor, lagRecords, lagSeconds, sent.get(), failures.get(), kind != null,
                kind, lastError, gaps.get());
    }

    private void committed(long sequence) {
        newestCommitted.accumulateAndGet(sequence, Math::max);
        LockSupport.unpark(thread);
    }

    private void run() {
        Duration first = FIRST_BACKOFF.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : FIRST_BACKOFF;
        Duration backoff = first;
        boolean known = false;
        while (!stopped) {
            try {
                if (!known) {
                    var stored = cursors.read(config.name(), node);
                    cursor = stored.orElse(0);
                    delivered = stored.isPresent();
                    newestCommitted.accumulateAndGet(audit.lastSequenceOfNode(), Math::max);
                    known = true;
                }
                List<AuditRecord> batch = audit.after(cursor, config.batchSize());
                lag(batch);
                if (batch.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    LockSupport.parkNanos(IDLE_POLL.toNanos());
                    continue;
                }
                noteGap(batch.get(0).sequence());
                receiver.send(batch);
                long last = batch.get(batch.size() - 1).sequence();
                cursors.advance(config.name(), node, last);
                cursor = last;
                delivered = true;
                sent.addAndGet(batch.size());
                recovered();
                backoff = first;
            } catch (Exception e) {
                failed(e);
                if (stopping) {
                    return;
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void lag(List<AuditRecord> batch) {
        if (batch.isEmpty()) {
            lagRecords = 0;
            lagSeconds = 0;
        } else {
            long newest = Math.max(newestCommitted.get(), batch.get(batch.size() - 1).sequence());
            lagRecords = newest - cursor;
            lagSeconds = Math.max(0, Duration.between(batch.get(0).event().time(), clock.instant()).toMillis()
                    / 1000.0);
        }
        boolean behind = lagRecords > config.warnLagRecords()
                || lagSeconds > config.warnLagAge().toSeconds();
        if (behind && !warned) {
            warned = true;
            log.warn("exporter \"{}\" is behind: {} audit records ({} s) not yet delivered to {}{}", config.name(),
                    lagRecords, (long) lagSeconds, config.destination(),
                    lastError == null ? "" : "; last failure: " + lastError);
        } else if (!behind && warned && lagRecords <= config.warnLagRecords() / 2) {
            warned = false;
            log.info("exporter \"{}\" has caught up: {} audit records behind", config.name(), lagRecords);
        }
    }

    /**
     * Records before {@code first} that this exporter never sent are gone (retention cut them): say so in the
     * audit (that event is exported too, so the SIEM sees the gap) and in the log, once per gap.
     */
    private void noteGap(long first) {
        if (!delivered || first <= cursor + 1 || first <= gapNotedAt) {
            return;
        }
        gapNotedAt = first;
        long missing = first - cursor - 1;
        gaps.addAndGet(missing);
        String message = "retention removed audit records " + (cursor + 1) + " to " + (first - 1) + " of node "
                + node + " before exporter \"" + config.name() + "\" delivered them";
        log.warn("{}; they are lost to {}", message, config.destination());
        audit.append(AuditEvent.of(AuditEventType.EXPORT_GAP, message).withActor("rolegate")
                .withDetails(AuditDetails.create().put("exporter", config.name()).put("node", node)
                        .put("first_missing", cursor + 1).put("last_missing", first - 1)
                        .put("missing", missing)))
                .whenComplete((seq, failure) -> {
                    if (failure != null) {
                        log.error("could not record the export gap in the audit log", failure);
                    }
                });
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        String kind = FailureKind.of(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean changed = !kind.equals(failureKind) || !message.equals(lastError);
        failureKind = kind;
        lastError = message;
        if (changed) {
            log.warn("exporter \"{}\" could not deliver to {} ({}): {}; retrying, nothing is lost meanwhile",
                    config.name(), config.destination(), kind, message);
        }
    }

    private void recovered() {
        if (failureKind != null) {
            log.info("exporter \"{}\" delivers to {} again", config.name(), config.destination());
        }
        failureKind = null;
        lastError = null;
    }

    /** Waits out a backoff: commits do not cut it short (a busy engine would retry a dead receiver per commit). */
    private void pause(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        for (long left = backoff.toNanos(); left > 0 && !stopping; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Lets the exporter deliver what is committed for a moment, then stops it and closes its connection. */
    @Override
    public void close() {
        audit.removeCommitListener(onCommit);
        stopping = true;
        LockSupport.unpark(thread);
        join(DRAIN.plus(config.timeout()));
        stopped = true;
        receiver.close(); // ends a send that hangs on a receiver that stopped reading
        LockSupport.unpark(thread);
        join(config.timeout().plusSeconds(2));
        if (thread.isAlive()) {
            log.warn("exporter \"{}\" did not stop in time; its cursor stays where the receiver last acknowledged",
                    config.name());
        }
    }

    private void join(Duration limit) {
        try {
            thread.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
