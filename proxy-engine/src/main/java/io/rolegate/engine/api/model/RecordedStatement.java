package io.rolegate.engine.api.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One statement of a recorded session, in the order the server ran them.
 *
 * @param recordingId     the {@link Recording} it belongs to
 * @param ordinal         1 for the session's first recorded statement, then 2, 3, …
 * @param started         when the server could begin on it (it arrived, or the one before it in a pipeline ended)
 * @param durationMicros  until its CommandComplete, error or suspended portal
 * @param text            the statement, redacted per {@code policies.captureQueries} unless that says full; a cut
 *                        statement ends with " …"
 * @param protocol        "simple" (Query) or "extended" (Parse/Bind/Execute)
 * @param command         the CommandComplete tag as the server sent it ("INSERT 0 3"); null when it failed, or a
 *                        portal was suspended ("suspended")
 * @param rows            rows it returned or changed, from the tag (or the rows sent when the tag has no count);
 *                        null when the command has no row count (CREATE TABLE, BEGIN)
 * @param sqlState        the SQLSTATE of its error; null when it succeeded
 * @param error           the server's error message; null when it succeeded
 * @param transaction     the session's transaction it ran in (1, 2, …), 0 outside an explicit transaction
 * @param boundary        BEGIN, COMMIT or ROLLBACK when this statement opened or ended its transaction, else null
 * @param failedTransaction it ran in a transaction an earlier error had already failed (it could only fail, 25P02)
 */
public record RecordedStatement(long recordingId, long ordinal, Instant started, long durationMicros, String text,
                                String protocol, String command, Long rows, String sqlState, String error,
                                long transaction, Boundary boundary, boolean failedTransaction) {

    /** The statements that open and end a transaction. */
    public enum Boundary { BEGIN, COMMIT, ROLLBACK }

    public RecordedStatement {
        Objects.requireNonNull(text, "text");
        started = Objects.requireNonNull(started, "started").truncatedTo(ChronoUnit.MICROS);
    }

    public boolean failed() {
        return sqlState != null;
    }
}
