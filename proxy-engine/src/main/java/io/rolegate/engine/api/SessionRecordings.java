package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;

import java.io.Writer;
import java.util.List;

/**
 * Session recordings as the console reads them, for {@code who}: the engine decides whether they are an auditor
 * ({@code console.auditorGroup}, asked of the directory again) and records every read in the audit log (decision
 * 0022, 0031). {@link EngineRecordings} in this process; over the admin API's auditor routes when attached.
 */
public interface SessionRecordings {
    /** Recordings matching {@code query}, newest first. */
    List<Recording> search(RecordingQuery query, ConsoleIdentity who);

    /** The statements of recording {@code id}, in the order the server ran them (empty: no such recording). */
    List<RecordedStatement> statements(long id, ConsoleIdentity who);

    /** Writes recording {@code id} as JSON Lines to {@code out}; the statements written. */
    long export(long id, Writer out, ConsoleIdentity who);
}
