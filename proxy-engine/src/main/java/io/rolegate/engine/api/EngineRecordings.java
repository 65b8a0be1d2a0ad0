package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingDetail;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.recording.RecordingSearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Session recordings ({@code policies.record}) as an auditor reads them ({@link Engine#recordings()}): search, one
 * recording's statements in order, export as JSON Lines. Every call needs the auditor permission
 * ({@code console.auditorGroup}), checked here, inside the engine, by the directory's current word; a refusal is
 * audited ({@link PermissionDenied}), and every read is audited with the reader's name before any statement leaves
 * the engine: if the audit cannot record it, nothing is shown. Blocking (store reads): call from background tasks,
 * never the JavaFX thread.
 */
public final class EngineRecordings implements SessionRecordings {
    private final Supplier<Store> store;
    private final BiFunction<ConsoleIdentity, String, ConsoleIdentity> auditor;

    /**
     * @param auditor the engine's check: the caller's login, allowed to look inside sessions now, or a
     *                {@link PermissionDenied} already on record
     */
    EngineRecordings(Supplier<Store> store, BiFunction<ConsoleIdentity, String, ConsoleIdentity> auditor) {
        this.store = store;
        this.auditor = auditor;
    }

    /** Recordings matching {@code query}, newest first. */
    @Override
    public List<Recording> search(RecordingQuery query, ConsoleIdentity who) {
        read(who, "search session recordings", AuditDetails.create().put("query", describe(query)));
        return reader().find(query);
    }

    /** One recording, if it exists (it may have been cut by retention). */
    public Optional<Recording> recording(long id, ConsoleIdentity who) {
        read(who, "read session recording " + id, AuditDetails.create().put("recording", id));
        return reader().get(id);
    }

    /** The statements of recording {@code id}, in the order the server ran them. */
    @Override
    public List<RecordedStatement> statements(long id, ConsoleIdentity who) {
        Recording r = known(id, who, "read session recording " + id);
        return r == null ? List.of() : reader().statements(id);
    }

    /** Recording {@code id} with its statements, read under one audit record; empty when it does not exist. */
    public Optional<RecordingDetail> detail(long id, ConsoleIdentity who) {
        Recording r = known(id, who, "read session recording " + id);
        return r == null ? Optional.empty() : Optional.of(new RecordingDetail(r, reader().statements(id)));
    }

    /**
     * Writes recording {@code id} to {@code out} as JSON Lines: one {@code "kind":"recording"} line with the
     * identity, then one {@code "kind":"statement"} line per statement in order (each naming the recording,
     * session and user, so a line stands on its own in a SIEM). Returns the statements written; the caller closes
     * {@code out}.
     */
    @Override
    public long export(long id, Writer out, ConsoleIdentity who) {
        Recording r = known(id, who, "export session recording " + id);
        if (r == null) {
            throw new EngineException("recording " + id + " does not exist (retention may have removed it)");
        }
        long[] written = {0};
        try {
            out.write(RecordingJson.recording(r));
            reader().statements(id, s -> {
                try {
                    out.write(RecordingJson.statement(r, s));
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export of recording " + id + " could not be written", e);
        }
        return written[0];
    }

    private Recording known(long id, ConsoleIdentity who, String action) {
        read(who, action, AuditDetails.create().put("recording", id));
        return reader().get(id).orElse(null);
    }

    private RecordingSearch reader() {
        return store.get().recordings().search();
    }

    /** The permission check, then the reader's audit record, durably: no statement leaves the engine unaudited. */
    private void read(ConsoleIdentity who, String action, AuditDetails details) {
        String reader = auditor.apply(who, action).username();
        store.get().audit().appendDurably(AuditEvent.of(AuditEventType.RECORDING_READ, reader + ": " + action)
                .withActor(reader).withDetails(details.put("action", action)), "nothing was shown");
    }

    private static String describe(RecordingQuery q) {
        StringBuilder b = new StringBuilder();
        append(b, "user", q.user());
        append(b, "role", q.role());
        append(b, "text", q.text());
        append(b, "sqlstate", q.sqlState());
        append(b, "since", q.since() == null ? null : q.since().toString());
        append(b, "until", q.until() == null ? null : q.until().toString());
        return b.length() == 0 ? "all" : b.toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(b.length() == 0 ? "" : ", ").append(name).append('=').append(value);
        }
    }
}
