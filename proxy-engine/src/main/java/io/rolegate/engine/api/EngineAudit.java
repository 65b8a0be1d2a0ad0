package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.VerifyResult;

import java.io.Writer;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The audit side of the facade ({@link Engine#audit()}): what the console's audit view reads. Every call is blocking
 * (H2): call from background tasks, never the JavaFX thread.
 */
public final class EngineAudit implements AuditHistory {
    /** Export formats a DBA hands to an auditor or a SIEM. */
    public enum Format { CSV, JSONL }

    private final Supplier<AuditLog> log;
    /** The engine's record of a console login (refusal audited); null over a store without an engine (tools). */
    private final BiFunction<ConsoleIdentity, String, ConsoleIdentity> loggedIn;

    EngineAudit(Supplier<AuditLog> log, BiFunction<ConsoleIdentity, String, ConsoleIdentity> loggedIn) {
        this.log = log;
        this.loggedIn = loggedIn;
    }

    /** Over a store's audit log directly, for tools and tests that hold the store themselves. */
    public static EngineAudit over(AuditLog log) {
        return new EngineAudit(() -> log, null);
    }

    /** Every record matching the query (newest first when the query says so). */
    public List<AuditRecord> records(AuditQuery query) {
        return log.get().query(query);
    }

    /**
     * One page of the history, newest first: records matching {@code query} below {@code beforeSequence} (null for
     * the newest page), at most {@code pageSize}. Keyset paging: every page costs the same, however deep.
     */
    public List<AuditRecord> page(AuditQuery query, Long beforeSequence, int pageSize) {
        return log.get().queryBefore(query.limit(pageSize).newestFirstOrder(), beforeSequence);
    }

    /** How many records match the query's filters. */
    public long count(AuditQuery query) {
        return log.get().count(query);
    }

    /** The newest record's sequence (0 when empty); poll it to learn that new events arrived. */
    public long lastSequence() {
        return log.get().lastSequence();
    }

    /** Walks the whole hash chain; reports the first broken record, if any. Takes a while on a long log. */
    public VerifyResult verify() {
        return log.get().verify();
    }

    /**
     * Streams the records matching {@code query}, oldest first, to {@code out} (the caller closes it), for the
     * operator's tools on a data directory ({@link #over}); an engine's exports name who makes them:
     * {@link #export(AuditQuery, Format, Writer, ConsoleIdentity, String)}.
     *
     * @return the records written
     */
    public long export(AuditQuery query, Format format, Writer out) {
        if (loggedIn != null) {
            throw new IllegalStateException("an engine's audit export names who makes it: pass the console login");
        }
        return write(query, format, out);
    }

    /**
     * Streams the records matching {@code query}, oldest first, to {@code out} (the caller closes it) for the console
     * login {@code who} (any level: the export is the listing in bulk), then records the export durably as
     * {@link AuditEventType#AUDIT_EXPORTED}: who, the filter, the format, how many records, and
     * {@code destination}. A failed export is recorded too, and still fails; an export that cannot be recorded fails
     * (the caller drops what it wrote). The record comes after the records it counts, so no export holds its own.
     */
    @Override
    public void export(AuditQuery query, Format format, Writer out, ConsoleIdentity who, String destination) {
        String action = "export the audit history";
        String name = loggedIn == null ? "operator" : loggedIn.apply(who, action).username();
        long written;
        try {
            written = write(query, format, out);
        } catch (RuntimeException failed) {
            record(AuditExports.failed(name, query, format, destination, failed), failed);
            throw failed;
        }
        record(AuditExports.done(name, query, format, destination, written), null);
    }

    private long write(AuditQuery query, Format format, Writer out) {
        AuditQuery oldestFirst = AuditQuery.all().since(query.since()).until(query.until()).user(query.user())
                .types(query.types()).text(query.text());
        return format == Format.CSV ? log.get().exportCsv(oldestFirst, out) : log.get().exportJsonl(oldestFirst, out);
    }

    private void record(AuditEvent event, RuntimeException failed) {
        try {
            log.get().appendDurably(event, "the audit export is not on record");
        } catch (RuntimeException notRecorded) {
            if (failed == null) {
                throw notRecorded;
            }
            failed.addSuppressed(notRecorded);
        }
    }
}
