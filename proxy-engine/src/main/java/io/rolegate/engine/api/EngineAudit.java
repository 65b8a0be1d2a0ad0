package io.rolegate.engine.api;

import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.VerifyResult;

import java.io.Writer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The audit side of the facade ({@link Engine#audit()}): what the console's audit view reads. Every call is blocking
 * (H2): call from background tasks, never the JavaFX thread.
 */
public final class EngineAudit implements AuditHistory {
    /** Export formats a DBA hands to an auditor or a SIEM. */
    public enum Format { CSV, JSONL }

    private final Supplier<AuditLog> log;

    EngineAudit(Supplier<AuditLog> log) {
        this.log = log;
    }

    /** Over a store's audit log directly, for tools and tests that hold the store themselves. */
    public static EngineAudit over(AuditLog log) {
        return new EngineAudit(() -> log);
    }

    /**
     * One page of the history, newest first: records matching {@code query} below {@code beforeSequence} (null for
     * the newest page), at most {@code pageSize}. Keyset paging: every page costs the same, however deep.
     */
    /** Every record matching the query (newest first when the query says so). */
    public List<AuditRecord> records(AuditQuery query) {
        return log.get().query(query);
    }

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

    /** Streams the records matching {@code query}, oldest first, to {@code out}; the caller closes it. */
    public void export(AuditQuery query, Format format, Writer out) {
        AuditQuery oldestFirst = AuditQuery.all().since(query.since()).until(query.until()).user(query.user())
                .types(query.types()).text(query.text());
        if (format == Format.CSV) {
            log.get().exportCsv(oldestFirst, out);
        } else {
            log.get().exportJsonl(oldestFirst, out);
        }
    }
}
