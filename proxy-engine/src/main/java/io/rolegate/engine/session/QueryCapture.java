package io.rolegate.engine.session;

import io.rolegate.engine.telemetry.SqlRedactor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The statement a session sent last, kept as the bytes the client sent (decoded and redacted only when a console or
 * snapshot asks, off the event loop), and where every statement goes when query capture is on.
 */
public final class QueryCapture {
    private final Session session;
    private volatile byte[] lastText;
    /** The last statement was longer than what is kept of it. */
    private volatile boolean lastTruncated;
    private volatile StatementSink sink;

    QueryCapture(Session session) {
        this.session = session;
    }

    /**
     * A statement the client sent (a simple Query, or a Parse when {@code extended}): bytes {@code from} to
     * {@code to} of {@code body}, an array the caller reuses. The same text as last time (a driver that parses
     * the same unnamed statement for each execution) reuses the kept array: no copy, no write other threads see.
     * Returns the kept array (a session's recording shares it).
     */
    byte[] statement(byte[] body, int from, int to, boolean truncated, boolean extended) {
        byte[] last = lastText;
        byte[] text;
        if (last != null && truncated == lastTruncated && Arrays.equals(last, 0, last.length, body, from, to)) {
            text = last;
        } else {
            text = Arrays.copyOfRange(body, from, to);
            lastTruncated = truncated;
            lastText = text;
        }
        StatementSink s = sink;
        if (s != null) {
            s.statement(session, text, truncated, extended);
        }
        return text;
    }

    /** Hands every later statement of the session to {@code sink} (query capture into the audit); null stops. */
    public void into(StatementSink sink) {
        this.sink = sink;
    }

    /**
     * The current or last statement the client sent, with every literal replaced by {@code ?} (so captured text
     * shows the shape of a query, never its data); null before the first.
     */
    public String lastRedacted() {
        byte[] text = lastText;
        if (text == null) {
            return null;
        }
        String sql = SqlRedactor.redact(new String(text, StandardCharsets.UTF_8));
        return lastTruncated ? sql + " …" : sql;
    }
}
