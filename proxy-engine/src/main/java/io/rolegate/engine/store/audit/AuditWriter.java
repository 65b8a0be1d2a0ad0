package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditWriterStats;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEvent;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.NodeFence;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer of one node's audit chain, on its own thread. Whatever queued up while the previous commit ran goes
 * into the next transaction together (group commit): callers on many threads pay for one commit, and since only this
 * thread assigns sequences and hashes, the chain needs no locks. A future completes only after its commit. Other
 * nodes of a fleet extend chains of their own in the same table, keyed (node, seq): no lock across the fleet, and a
 * second writer on one chain (which the node lock rules out) would fail on the key rather than fork the chain. Each
 * transaction first asks the {@link NodeFence} whether the name is still this engine's, so an engine that lost its
 * name (its lock connection ended and another engine took the name) stops at its next commit.
 */
final class AuditWriter implements AutoCloseable {
    private static final int MAX_BATCH = 1_000;

    /** Work that runs on the writer thread inside one transaction and may extend the chain. */
    interface ChainTask<T> {
        T run(Connection connection, Chain chain) throws SQLException;
    }

    /** The chain as a task sees it: appending inside the task's transaction. */
    interface Chain {
        long append(AuditEvent event) throws SQLException;

        /** The node whose chain this is. */
        String node();
    }

    private sealed interface Job permits Append, Appends, Exclusive, Stop { }
    private record Append(AuditEvent event, CompletableFuture<Long> done) implements Job { }
    /** Events that must share one transaction: queued as one job, so no commit can fall between them. */
    private record Appends(List<Append> each) implements Job { }
    private record Exclusive(ChainTask<Object> task, CompletableFuture<Object> done) implements Job { }
    private record Stop() implements Job { }

    private final ConnectionSource source;
    private final String node;
    /** Asked in every transaction: false once the node name is another engine's, whose chain it then is. */
    private final NodeFence fence;
    /** Lock-free: event loops append here, and must never wait for a lock another (descheduled) thread holds. */
    private final BlockingQueue<Job> queue = new LinkedTransferQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CommitTimes times = new CommitTimes();
    private volatile boolean closed;
    private Connection connection;
    private long lastSequence;
    private String lastHash;

    AuditWriter(ConnectionSource source, String node, NodeFence fence) {
        this.source = source;
        this.node = node;
        this.fence = fence;
        // At the event loops' priority, not in the background: every login waits for its commit before
        // AuthenticationOk (decision 0036); at nice 10 a busy machine stretched that wait to milliseconds.
        this.thread = new Thread(this::run, "rolegate-audit-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<Long> append(AuditEvent event) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        enqueue(new Append(event, done), done);
        return done;
    }

    /** Appends {@code events} in this order in one transaction; a future per event, all completed by its commit. */
    List<CompletableFuture<Long>> appendTogether(List<AuditEvent> events) {
        List<Append> each = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            each.add(new Append(event, new CompletableFuture<>()));
        }
        enqueue(new Appends(List.copyOf(each)), () -> each.forEach(a -> refuse(a.done())));
        return each.stream().map(Append::done).toList();
    }

    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> exclusive(ChainTask<T> task) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        enqueue(new Exclusive((ChainTask<Object>) task, done), done);
        return (CompletableFuture<T>) done;
    }

    /** Transactions committed so far; compared with the events appended it shows how well they were grouped. */
    long commits() {
        return commits.get();
    }

    /** Queue depth, commits and their latency, records written. */
    AuditWriterStats stats() {
        return new AuditWriterStats(queue.size(), commits.get(), times.records(), times.buckets(),
                CommitTimes.BOUNDS_MICROS, times.microsTotal(), failures.get());
    }

    /**
     * Without a lock, a job may be added just after close() queued Stop. Then closed is already visible here: take
     * the job back and fail it; if it is gone, close() drained and failed it.
     */
    private void enqueue(Job job, CompletableFuture<?> done) {
        enqueue(job, () -> refuse(done));
    }

    private void enqueue(Job job, Runnable refusal) {
        if (closed) {
            refusal.run();
            return;
        }
        queue.add(job);
        if (closed && queue.remove(job)) {
            refusal.run();
        }
    }

    private static void refuse(CompletableFuture<?> done) {
        done.completeExceptionally(new StoreException("the audit log is closed; the event was not recorded"));
    }

    /** Commits everything queued before the call, then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Stop());
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the audit writer drained its queue", e);
        }
        for (Job late; (late = queue.poll()) != null; ) {
            if (late instanceof Append a) {
                refuse(a.done());
            } else if (late instanceof Appends all) {
                all.each().forEach(a -> refuse(a.done()));
            } else if (late instanceof Exclusive x) {
                refuse(x.done());
            }
        }
    }

    private void run() {
        List<Job> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody but close() may end this thread; an interrupt would drop queued events, so ignore it.
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = process(batch);
        }
        closeConnection(null);
    }

    private boolean process(List<Job> batch) {
        List<Append> group = new ArrayList<>();
        for (Job job : batch) {
            if (job instanceof Append a) {
                group.add(a);
                continue;
            }
            if (job instanceof Appends all) {
                group.addAll(all.each());
                continue;
            }
            commitGroup(group);
            group.clear();
            if (job instanceof Exclusive x) {
                runExclusive(x);
            } else {
                return true;
            }
        }
        commitGroup(group);
        return false;
    }

    private void commitGroup(List<Append> group) {
        if (group.isEmpty()) {
            return;
        }
        List<Long> sequences = new ArrayList<>(group.size());
        try {
            inTransaction((c, chain) -> {
                for (Append a : group) {
                    sequences.add(chain.append(a.event()));
                }
                return null;
            }, true);
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            StoreException failure = new StoreException("audit events could not be committed: " + e.getMessage(), e);
            group.forEach(a -> a.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).done().complete(sequences.get(i));
        }
    }

    private void runExclusive(Exclusive x) {
        try {
            x.done().complete(inTransaction(x.task(), false));
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            x.done().completeExceptionally(new StoreException("audit log task failed: " + e.getMessage(), e));
        }
    }

    /**
     * Runs a task in one transaction; the in-memory chain head moves only once the commit succeeded. With
     * {@code batched}, inserts go to the database as one JDBC batch before the commit (a group is appends only; a
     * round trip per record made PostgreSQL stores several times slower); other tasks mix inserts with their own
     * statements, so theirs are sent one by one, in order.
     */
    private <T> T inTransaction(ChainTask<T> task, boolean batched) throws SQLException {
        Connection c = connection();
        long started = System.nanoTime();
        long[] seq = {lastSequence};
        String[] hash = {lastHash};
        try (PreparedStatement insert = c.prepareStatement(AuditRows.INSERT)) {
            if (!fence.holds(c)) {
                throw new StoreException("this engine lost its node name \"" + node + "\" to another engine on the"
                        + " store; it no longer extends that node's audit chain");
            }
            Chain chain = new Chain() {
                @Override
                public long append(AuditEvent event) throws SQLException {
                    long next = seq[0] + 1;
                    String h = AuditChain.hash(hash[0], next, event);
                    AuditRows.bind(insert, new AuditRecord(next, event, hash[0], h, node));
                    if (batched) {
                        insert.addBatch();
                    } else {
                        insert.executeUpdate();
                    }
                    seq[0] = next;
                    hash[0] = h;
                    return next;
                }

                @Override
                public String node() {
                    return node;
                }
            };
            T result = task.run(c, chain);
            if (batched && seq[0] > lastSequence) {
                insert.executeBatch();
            }
            c.commit();
            commits.incrementAndGet();
            times.committed(System.nanoTime() - started, (int) (seq[0] - lastSequence));
            lastSequence = seq[0];
            lastHash = hash[0];
            return result;
        } catch (SQLException | RuntimeException e) {
            // The connection's state is unknown after a failure: drop it and re-read the head on the next batch.
            closeConnection(e);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = source.keptOpen().open();
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(AuditChains.HEAD)) {
                st.setString(1, node);
                try (ResultSet rs = st.executeQuery()) {
                    lastSequence = rs.next() ? rs.getLong(1) : 0;
                    lastHash = lastSequence == 0 ? AuditChain.GENESIS : rs.getString(2).trim();
                }
                c.commit();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void closeConnection(Exception primary) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new StoreException("closing the audit connection failed: " + e.getMessage(), e);
            }
        } finally {
            connection = null;
        }
    }
}
