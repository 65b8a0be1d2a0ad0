package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.VerifyResult;

import java.io.Writer;
import java.util.List;

/**
 * What the console's audit view reads, whether the engine runs in this process ({@link EngineAudit}) or the console
 * is attached to one over the remote admin API. Every call blocks (a store read, or a round trip): call from
 * background tasks, never the JavaFX thread.
 */
public interface AuditHistory {
    /** One page, newest first: records matching {@code query} below {@code beforeSequence} (null: the newest). */
    List<AuditRecord> page(AuditQuery query, Long beforeSequence, int pageSize);

    /** How many records match the query's filters. */
    long count(AuditQuery query);

    /** The newest record's sequence (0 when empty); poll it to learn that new events arrived. */
    long lastSequence();

    /** Walks the whole hash chain; reports the first broken record, if any. */
    VerifyResult verify();

    /**
     * Streams the records matching {@code query}, oldest first, to {@code out} (the caller closes it) for the console
     * login {@code who}; the engine records the export ({@code AUDIT_EXPORTED}: who, filter, how many, and
     * {@code destination} — the file's name; over the admin API the engine records "API" and the client's address,
     * as it cannot know where the client writes).
     */
    void export(AuditQuery query, EngineAudit.Format format, Writer out, ConsoleIdentity who, String destination);
}
