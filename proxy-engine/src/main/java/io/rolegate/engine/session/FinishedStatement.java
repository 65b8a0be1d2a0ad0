package io.rolegate.engine.session;

import java.time.Instant;

/**
 * One statement of a recorded session as the wire showed it, still raw: the text as the client encoded it, the
 * CommandComplete tag and the ErrorResponse fields as the server sent them. Decoding, redaction and the reading of
 * row counts and transaction boundaries happen off the event loop, where the recording is written.
 *
 * @param started        when the server could begin on it: when it arrived, or when the statement before it in
 *                       the same pipeline finished, whichever is later
 * @param durationNanos  from {@code started} to its CommandComplete (or error, or suspended portal)
 * @param text           the statement (the first 2 KiB), shared with query capture; empty when unknown
 * @param cut            the statement was longer than {@code text}
 * @param extended       Parse/Bind/Execute rather than a simple Query
 * @param tag            the CommandComplete tag ("INSERT 0 3"), null when it ended otherwise
 * @param dataRows       DataRow messages the server sent for it (the row count when the tag has none)
 * @param suspended      the portal was suspended (Execute with a row limit): more rows may follow
 * @param error          the ErrorResponse body (its first 1 KiB), null when it did not fail
 * @param request        how many ReadyForQuery the session had seen before it: statements with the same number
 *                       were answered within one request (a pipeline, or a multi-statement Query)
 * @param statusBefore   the transaction status that ReadyForQuery said: 'I', 'T' or 'E'
 */
public record FinishedStatement(Instant started, long durationNanos, byte[] text, boolean cut, boolean extended,
                                byte[] tag, long dataRows, boolean suspended, byte[] error, long request,
                                byte statusBefore) {
}
