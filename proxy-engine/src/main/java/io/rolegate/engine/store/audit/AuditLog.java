package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditWriterStats;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.api.model.RetentionResult;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only, hash-chained audit log. Appends are group-committed on the writer thread; reads, exports and
 * verification use their own connections and never hold up the writer.
 */
public final class AuditLog implements AutoCloseable {
    private final ConnectionSource connections;
    private final AuditWriter writer;
    /** Told the sequence of each committed append, on the writer thread: they must only note it and return. */
    private final List<java.util.function.LongConsumer> commitListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile AuditAnchors anchors;
    private volatile AuditCheckpoints checkpoints;

    private AuditLog(ConnectionSource connections) {
        this.connections = connections;
        this.writer = new AuditWriter(connections);
    }

    public static AuditLog start(ConnectionSource connections) {
        AuditLog log = new AuditLog(connections);
        log.writer.start();
        return log;
    }

    /**
     * Queues an event; the future completes with its sequence once the transaction holding it is committed, or
     * fails if it could not be. Grant access only after it completed: that is what makes access never go unaudited.
     */
    public CompletableFuture<Long> append(AuditEvent event) {
        // Refused here rather than on the writer thread, where it would fail the whole batch it joined.
        CompletableFuture<Long> done = writer.append(Objects.requireNonNull(event, "event"));
        if (!commitListeners.isEmpty()) {
            done.thenAccept(sequence -> commitListeners.forEach(l -> l.accept(sequence)));
        }
        return done;
    }

    /**
     * Calls {@code listener} with the sequence of each appended event once it is committed, on the writer thread,
     * so it must only note the number (an exporter wakes its own thread with it). Retention's cut is not announced.
     */
    public void onCommit(java.util.function.LongConsumer listener) {
        commitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeCommitListener(java.util.function.LongConsumer listener) {
        commitListeners.remove(listener);
    }

    /** Up to {@code limit} committed records after {@code sequence}, oldest first (what an exporter sends next). */
    public List<AuditRecord> after(long sequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<AuditRecord> out = new ArrayList<>(Math.min(limit, 1_000));
        try (Connection c = connections.open()) {
            AuditReader.readAfter(c, sequence, limit, out::add);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the audit log failed", e);
        }
        return out;
    }

    /**
     * Appends and waits until the event is durable, for admin actions, which take effect only once audited.
     *
     * @param otherwise what did not happen if recording fails, e.g. "nothing was saved"; ends the message
     * @throws StoreException when the event could not be committed (within 30 s)
     */
    public long appendDurably(AuditEvent event, String otherwise) {
        try {
            return append(event).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StoreException("the audit log could not record it, so " + otherwise + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while recording it, so " + otherwise, e);
        }
    }

    /**
     * Starts anchoring the chain outside the store: a checkpoint now (so a data directory from before checkpoints
     * gets its first), one every {@code every} while the chain grows, and one when the log closes. From now on
     * {@link #verify()} also compares the chain with them.
     *
     * @throws StoreException when the first checkpoint cannot be written (the file's place is not writable)
     */
    public synchronized void anchorTo(AuditAnchors file, String node, java.time.Duration every) {
        if (checkpoints != null) {
            throw new IllegalStateException("the audit log is anchored already");
        }
        AuditCheckpoints started = new AuditCheckpoints(connections, file, node, every, java.time.Clock.systemUTC());
        try {
            started.checkpoint();
        } catch (RuntimeException e) {
            try {
                started.close();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        anchors = file;
        checkpoints = started;
    }

    /** Writes a checkpoint of the committed head now, if the log is anchored and the head moved since the last. */
    public java.util.Optional<AuditAnchor> checkpoint() {
        AuditCheckpoints c = checkpoints;
        return c == null ? java.util.Optional.empty() : c.checkpoint();
    }

    /**
     * Walks the whole chain and reports the first broken link; when the log is anchored ({@link #anchorTo}), also
     * the first checkpoint the chain no longer agrees with.
     */
    public VerifyResult verify() {
        AuditAnchors a = anchors;
        return a == null ? verifyChain(null) : verify(a);
    }

    /** As {@link #verify()}, against the checkpoints in {@code file} (a stopped engine's, for the CLI). */
    public VerifyResult verify(AuditAnchors file) {
        return verifyChain(java.util.Objects.requireNonNull(file, "file"));
    }

    private VerifyResult verifyChain(AuditAnchors file) {
        // Read the checkpoints before the chain: each was taken of a committed head, so the chain read after
        // reaches at least that far, and a checkpoint written meanwhile is simply not compared this time.
        List<AuditAnchors.Entry> entries = file == null ? List.of() : file.read();
        try (Connection c = connections.open()) {
            // One snapshot for the whole walk, so a retention cut committed meanwhile cannot mix old and new views.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                VerifyResult chain = AuditVerifier.verify(c);
                return file == null ? chain : AnchorCheck.check(c, chain, entries, file);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log to verify it: " + e.getMessage(), e);
        }
    }

    public List<AuditRecord> query(AuditQuery q) {
        List<AuditRecord> out = new ArrayList<>();
        stream(q, out::add);
        return out;
    }

    /**
     * One page of a newest-first listing: records matching {@code q} (its limit is the page size) with a sequence
     * below {@code beforeSequence}; null starts at the newest.
     */
    public List<AuditRecord> queryBefore(AuditQuery q, Long beforeSequence) {
        List<AuditRecord> out = new ArrayList<>();
        stream(q, beforeSequence, out::add);
        return out;
    }

    /** How many records match the query's filters. */
    public long count(AuditQuery q) {
        try (Connection c = connections.open()) {
            return AuditReader.count(c, q);
        } catch (SQLException e) {
            throw new StoreException("cannot count the audit records: " + e.getMessage(), e);
        }
    }

    /** The newest committed sequence, 0 when empty: cheap enough to poll for "new events arrived". */
    public long lastSequence() {
        try (Connection c = connections.open(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_event")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    /** Writes matching records as JSON Lines, streaming, so an export of millions of rows needs no heap for them. */
    public void exportJsonl(AuditQuery q, Writer out) {
        stream(q, r -> AuditExport.writeJsonLine(r, out));
        flush(out);
    }

    /** Writes a header and the matching records as CSV (RFC 4180). */
    public void exportCsv(AuditQuery q, Writer out) {
        try {
            out.write(AuditExport.CSV_HEADER + "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the audit export failed", e);
        }
        stream(q, r -> AuditExport.writeCsvRow(r, out));
        flush(out);
    }

    /** Removes records older than {@code cutoff} and records the cut in the chain. */
    public CompletableFuture<RetentionResult> retainNewerThan(Instant cutoff, String actor) {
        return writer.exclusive(AuditRetention.olderThan(cutoff, actor));
    }

    /** Keeps only the newest {@code rows} records (plus the cut event) and records the cut in the chain. */
    public CompletableFuture<RetentionResult> retainNewest(long rows, String actor) {
        return writer.exclusive(AuditRetention.keepNewest(rows, actor));
    }

    /** Committed transactions so far; the group-commit ratio is events appended divided by this. */
    public long commitCount() {
        return writer.commits();
    }

    /** The writer's queue depth, commit latency and records written, for the metrics. */
    public AuditWriterStats writerStats() {
        return writer.stats();
    }

    /** Commits what is queued, then stops the writer (later appends fail) and writes the shutdown checkpoint. */
    @Override
    public void close() {
        writer.close();
        AuditCheckpoints c = checkpoints;
        if (c != null) {
            checkpoints = null;
            c.close();
        }
    }

    private void stream(AuditQuery q, AuditReader.RecordSink sink) {
        stream(q, null, sink);
    }

    private void stream(AuditQuery q, Long beforeSequence, AuditReader.RecordSink sink) {
        try (Connection c = connections.open()) {
            AuditReader.read(c, q, beforeSequence, sink);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the audit export failed", e);
        }
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the audit export failed", e);
        }
    }
}
