package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditWriterStats;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.api.model.RetentionResult;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.NodeFence;
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
 * The append-only, hash-chained audit log of a store: one chain per node of a fleet (one in a single engine's store).
 * This log appends to its own node's chain; appends are group-committed on the writer thread. Reads, exports and
 * verification cover every node's chain, use their own connections and never hold up the writer.
 */
public final class AuditLog implements AutoCloseable {
    private final ConnectionSource connections;
    private final String node;
    private final AuditWriter writer;
    /** Told the sequence of each committed append, on the writer thread: they must only note it and return. */
    private final List<java.util.function.LongConsumer> commitListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile AuditAnchors anchors;
    private volatile AuditCheckpoints checkpoints;

    private AuditLog(ConnectionSource connections, String node, NodeFence fence) {
        this.connections = connections;
        this.node = node;
        this.writer = node == null ? null : new AuditWriter(connections, node, fence);
    }

    /**
     * Starts the log of {@code node}: when the store still has the chain written before fleets and this node has no
     * chain yet, the node adopts it first, and records that as its chain's next record.
     *
     * @param fence asked in each transaction whether the engine still holds its node name; appends fail once not
     */
    public static AuditLog start(ConnectionSource connections, String node, NodeFence fence) {
        AuditLog log = new AuditLog(connections, java.util.Objects.requireNonNull(node, "node"), fence);
        AuditEvent adoption;
        try (Connection c = connections.open()) {
            c.setAutoCommit(true);
            adoption = AuditChains.adoptLegacy(c, node);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the audit chain of node " + node + ": " + e.getMessage(), e);
        }
        log.writer.start();
        if (adoption != null) {
            log.appendDurably(adoption, "the adoption is not recorded in the chain");
        }
        return log;
    }

    /** A log that reads, verifies and exports every chain and appends to none (a command reading a shared store). */
    public static AuditLog reader(ConnectionSource connections) {
        return new AuditLog(connections, null, c -> false);
    }

    /** The node whose chain this log extends; null for a reader. */
    public String node() {
        return node;
    }

    /**
     * Queues an event; the future completes with its sequence once the transaction holding it is committed, or
     * fails if it could not be. Grant access only after it completed: that is what makes access never go unaudited.
     */
    public CompletableFuture<Long> append(AuditEvent event) {
        // Refused here rather than on the writer thread, where it would fail the whole batch it joined.
        Objects.requireNonNull(event, "event");
        if (writer == null) {
            return CompletableFuture.failedFuture(readOnly());
        }
        CompletableFuture<Long> done = writer.append(event);
        if (!commitListeners.isEmpty()) {
            done.thenAccept(sequence -> commitListeners.forEach(l -> l.accept(sequence)));
        }
        return done;
    }

    /**
     * Queues {@code events} to be committed in this order in one transaction (no other commit falls between them);
     * the future completes once that transaction is committed, or fails if it could not be.
     */
    public CompletableFuture<Void> appendTogether(List<AuditEvent> events) {
        events.forEach(e -> Objects.requireNonNull(e, "event"));
        if (writer == null) {
            return CompletableFuture.failedFuture(readOnly());
        }
        List<CompletableFuture<Long>> each = writer.appendTogether(events);
        if (!commitListeners.isEmpty()) {
            each.forEach(done -> done.thenAccept(sequence -> commitListeners.forEach(l -> l.accept(sequence))));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    /**
     * Calls {@code listener} with the sequence of each event appended to this node's chain once it is committed, on
     * the writer thread, so it must only note the number (an exporter wakes its own thread with it). Retention's cut
     * is not announced.
     */
    public void onCommit(java.util.function.LongConsumer listener) {
        commitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeCommitListener(java.util.function.LongConsumer listener) {
        commitListeners.remove(listener);
    }

    /**
     * Up to {@code limit} committed records of this node's chain after {@code sequence}, oldest first (what an
     * exporter sends next). A reader has no chain of its own: it is refused.
     */
    public List<AuditRecord> after(long sequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (node == null) {
            throw readOnly();
        }
        List<AuditRecord> out = new ArrayList<>(Math.min(limit, 1_000));
        try (Connection c = connections.open()) {
            AuditReader.readAfter(c, node, sequence, limit, out::add);
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
        if (writer == null) {
            throw readOnly();
        }
        AuditCheckpoints started = new AuditCheckpoints(connections, this.node, file, node, every,
                java.time.Clock.systemUTC());
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
     * Walks every node's chain and reports the first broken link; when the log is anchored ({@link #anchorTo}), also
     * the first checkpoint this node's chain no longer agrees with. A store with one chain reports it as it is; with
     * several, the first broken one (its description names the node), else this node's with a note per other chain.
     */
    public VerifyResult verify() {
        AuditAnchors a = anchors;
        return FleetVerify.combined(verifyChains(a), node);
    }

    /** As {@link #verify()}, against the checkpoints in {@code file} (a stopped engine's, for the CLI). */
    public VerifyResult verify(AuditAnchors file) {
        return FleetVerify.combined(verifyChains(java.util.Objects.requireNonNull(file, "file")), node);
    }

    /**
     * Every node's chain, verified in one snapshot; the checkpoints in {@code file} (may be null) are compared with
     * the chain of the node they name ({@link FleetVerify}).
     */
    public List<io.rolegate.engine.api.model.AuditChainResult> verifyChains(AuditAnchors file) {
        // Read the checkpoints before the chains: each was taken of a committed head, so the chain read after
        // reaches at least that far, and a checkpoint written meanwhile is simply not compared this time.
        List<AuditAnchors.Entry> entries = file == null ? List.of() : file.read();
        try (Connection c = connections.open()) {
            // One snapshot for the whole walk, so a retention cut committed meanwhile cannot mix old and new views.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return FleetVerify.verify(c, file, entries);
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

    /** The newest committed sequence of this node's chain, 0 when it is empty or this log is a reader. */
    public long lastSequenceOfNode() {
        if (node == null) {
            return 0;
        }
        try (Connection c = connections.open();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT COALESCE(MAX(seq), 0) FROM audit_event WHERE node = ?")) {
            ps.setString(1, node);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    /**
     * Writes matching records as JSON Lines, streaming, so an export of millions of rows needs no heap for them;
     * returns how many records it wrote.
     */
    public long exportJsonl(AuditQuery q, Writer out) {
        long[] written = {0};
        stream(q, r -> {
            AuditExport.writeJsonLine(r, out);
            written[0]++;
        });
        flush(out);
        return written[0];
    }

    /** Writes a header and the matching records as CSV (RFC 4180); returns how many records it wrote. */
    public long exportCsv(AuditQuery q, Writer out) {
        try {
            out.write(AuditExport.CSV_HEADER + "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the audit export failed", e);
        }
        long[] written = {0};
        stream(q, r -> {
            AuditExport.writeCsvRow(r, out);
            written[0]++;
        });
        flush(out);
        return written[0];
    }

    /** Removes records older than {@code cutoff} and records the cut in the chain. */
    public CompletableFuture<RetentionResult> retainNewerThan(Instant cutoff, String actor) {
        return writer == null ? CompletableFuture.failedFuture(readOnly())
                : writer.exclusive(AuditRetention.olderThan(cutoff, actor));
    }

    /** Keeps only the newest {@code rows} records (plus the cut event) and records the cut in the chain. */
    public CompletableFuture<RetentionResult> retainNewest(long rows, String actor) {
        return writer == null ? CompletableFuture.failedFuture(readOnly())
                : writer.exclusive(AuditRetention.keepNewest(rows, actor));
    }

    /** Committed transactions so far; the group-commit ratio is events appended divided by this. */
    public long commitCount() {
        return writer == null ? 0 : writer.commits();
    }

    /** The writer's queue depth, commit latency and records written, for the metrics. */
    public AuditWriterStats writerStats() {
        return writer == null ? new AuditWriterStats(0, 0, 0, new long[CommitTimes.BOUNDS_MICROS.length + 1],
                CommitTimes.BOUNDS_MICROS, 0, 0) : writer.stats();
    }

    private static StoreException readOnly() {
        return new StoreException("this store was opened for reading only (a command reading a shared store);"
                + " nothing is written to its audit chains");
    }

    /** Commits what is queued, then stops the writer (later appends fail) and writes the shutdown checkpoint. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
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
