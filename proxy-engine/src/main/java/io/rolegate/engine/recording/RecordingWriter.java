package io.rolegate.engine.recording;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.session.FinishedStatement;
import io.rolegate.engine.session.RecordingSink;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.recording.RecordingStore;
import io.rolegate.engine.threads.BatchingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes recorded sessions to the store (issue 18 item 2). The event loop only offers each finished statement, raw,
 * to a bounded {@link BatchingQueue}; decoding, redaction, transaction tracking and the inserts happen on its one
 * thread, a batch per transaction. When the store falls behind and the queue is full, statements are dropped and
 * counted — on the recording (so its timeline says what it misses) and in the audit as {@code RECORDING_DROPPED} —
 * and the relay never waits. A recording's start and end are never dropped: they are few, and without them the
 * statements would belong to nobody.
 */
public final class RecordingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);
    static final int DEFAULT_CAPACITY = 20_000;
    private static final int MAX_BATCH = 500;

    /** One recorded session. */
    static final class Handle {
        final RecordingStore.Ref ref = new RecordingStore.Ref();
        final Recording opening;
        final CaptureMode mode;
        /** Statements the session's recorder could not follow (an over-long pipeline). */
        final LongSupplier notRecorded;
        /** Statements the queue refused; written by the session's event loop only. */
        volatile long dropped;
        // the writer thread's own
        final Transactions transactions = new Transactions();
        long ordinal;
        boolean openQueued;

        Handle(Recording opening, CaptureMode mode, LongSupplier notRecorded) {
            this.opening = opening;
            this.mode = mode;
            this.notRecorded = notRecorded;
        }
    }

    private sealed interface Item permits Opened, Executed, Renamed, Closed {
    }

    private record Renamed(Handle handle, String applicationName) implements Item {
    }

    private record Opened(Handle handle) implements Item {
    }

    private record Executed(Handle handle, FinishedStatement statement) implements Item {
    }

    private record Closed(Handle handle, Instant ended) implements Item {
    }

    private final RecordingStore store;
    private final AuditLog audit;
    private final BatchingQueue<Item> queue;
    private final Map<Session, Handle> live = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    public RecordingWriter(RecordingStore store, AuditLog audit) {
        this(store, audit, DEFAULT_CAPACITY);
        start();
    }

    /** Not yet writing: {@link #start()} begins (tests fill the queue first, or hold the store's lock). */
    RecordingWriter(RecordingStore store, AuditLog audit, int capacity) {
        this.store = store;
        this.audit = audit;
        this.queue = new BatchingQueue<>("rolegate-recording", capacity, MAX_BATCH, i -> i instanceof Executed,
                this::write);
    }

    void start() {
        queue.start();
    }

    /**
     * Records {@code s} from now on, {@code because} of what policies.record matched; its text redacted unless
     * {@code capture} is full. Call on the session's event loop before AuthenticationOk. Never blocks.
     */
    public void begin(Session s, String because, CaptureMode capture) {
        CaptureMode mode = capture == CaptureMode.FULL ? CaptureMode.FULL : CaptureMode.REDACTED;
        Recording opening = new Recording(0, s.id(), s.identity().loginRole(), s.identity().directoryDn(),
                List.copyOf(new TreeSet<>(s.identity().roles())), s.clientAddress(), s.applicationName(),
                s.startup().database(), s.outcome().accepted(), null, because,
                mode.name().toLowerCase(Locale.ROOT), 0, 0, 0);
        Handle h = open(opening, mode, s::statementsNotRecorded);
        live.put(s, h);
        s.record(sink(h), because);
    }

    /** The session ended: its recording closes (with how many statements it misses). No-op when not recorded. */
    public void end(Session s, Instant ended) {
        Handle h = live.remove(s);
        if (h != null) {
            close(h, ended);
        }
    }

    Handle open(Recording opening, CaptureMode mode, LongSupplier notRecorded) {
        Handle h = new Handle(opening, mode, notRecorded);
        queue.offerAlways(new Opened(h));
        return h;
    }

    /** Where one session's recorder hands its statements: queued, or counted on the recording as dropped. */
    RecordingSink sink(Handle h) {
        return new RecordingSink() {
            @Override
            public void statement(FinishedStatement statement) {
                if (!queue.offer(new Executed(h, statement))) {
                    h.dropped++; // only this session's event loop writes it
                }
            }

            @Override
            public void applicationName(String name) {
                queue.offerAlways(new Renamed(h, name)); // pgjdbc sets it with SET right after login
            }
        };
    }

    void close(Handle h, Instant ended) {
        queue.offerAlways(new Closed(h, ended));
    }

    /** Statements written so far. */
    public long written() {
        return written.get();
    }

    /** Statements not recorded: the queue was full, or a batch could not be written. */
    public long dropped() {
        return queue.dropped() + lost.get();
    }

    public int queueDepth() {
        return queue.depth();
    }

    private void write(List<Item> batch, long missed) {
        if (missed > 0) {
            reportDropped(missed, "the store fell behind and the recording queue was full");
        }
        List<RecordingStore.Write> writes = new ArrayList<>(batch.size());
        long statements = 0;
        for (Item item : batch) {
            if (item instanceof Opened o) {
                writes.add(new RecordingStore.Open(o.handle().ref, o.handle().opening));
                o.handle().openQueued = true;
            } else if (item instanceof Executed e) {
                Handle h = e.handle();
                if (!h.openQueued) {
                    writes.add(new RecordingStore.Open(h.ref, h.opening)); // its Open was in a batch that failed
                    h.openQueued = true;
                }
                writes.add(new RecordingStore.Add(h.ref, decode(h, e.statement())));
                statements++;
            } else if (item instanceof Renamed r) {
                Handle h = r.handle();
                if (!h.openQueued) {
                    writes.add(new RecordingStore.Open(h.ref, h.opening));
                    h.openQueued = true;
                }
                writes.add(new RecordingStore.Rename(h.ref, r.applicationName()));
            } else if (item instanceof Closed c) {
                Handle h = c.handle();
                writes.add(new RecordingStore.Close(h.ref, c.ended(), h.dropped + h.notRecorded.getAsLong()));
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        try {
            store.write(writes);
            written.addAndGet(statements);
        } catch (StoreException e) {
            lost.addAndGet(statements);
            for (Item item : batch) {
                Handle h = item instanceof Opened o ? o.handle() : item instanceof Executed x ? x.handle()
                        : item instanceof Renamed r ? r.handle() : null;
                if (h != null && h.ref.id() == 0) {
                    h.openQueued = false;
                }
            }
            log.error("{} recorded statement(s) could not be written: {}", statements, e.getMessage());
            reportDropped(statements, "the store refused them (" + e.getMessage() + ")");
        }
    }

    private static RecordedStatement decode(Handle h, FinishedStatement f) {
        String sql = StatementDecoding.sql(f.text());
        String tag = StatementDecoding.tag(f.tag());
        String[] error = f.error() == null ? null : StatementDecoding.error(f.error());
        Transactions.Place place = h.transactions.place(f.request(), f.statusBefore(), tag, sql, error != null);
        return new RecordedStatement(0, ++h.ordinal, f.started(), f.durationNanos() / 1000,
                StatementDecoding.shown(sql, f.cut(), h.mode), f.extended() ? "extended" : "simple",
                f.suspended() ? "suspended" : tag, error == null ? StatementDecoding.rows(tag, f.dataRows()) : null,
                error == null ? null : error[0], error == null ? null : error[1], place.transaction(),
                place.boundary(), place.failedTransaction());
    }

    private void reportDropped(long count, String why) {
        audit.append(AuditEvent.of(AuditEventType.RECORDING_DROPPED, count + " statement(s) of recorded sessions"
                        + " were not recorded: " + why)
                .withDetails(AuditDetails.create().put("dropped", count).put("dropped_total", dropped())))
                .whenComplete((seq, failure) -> {
                    if (failure != null) {
                        log.error("could not audit {} statement(s) not recorded", count, failure);
                    }
                });
    }

    /** Writes what is queued, then stops; call before the store closes. */
    @Override
    public void close() {
        queue.close();
    }
}
