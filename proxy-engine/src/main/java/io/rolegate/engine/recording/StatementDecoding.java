package io.rolegate.engine.recording;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.telemetry.SqlRedactor;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns the raw bytes a {@link io.rolegate.engine.session.FinishedStatement} carries into what a DBA reads: the
 * statement redacted per {@code captureQueries} (with the same {@link SqlRedactor} query capture uses), the row count
 * from the CommandComplete tag, and the SQLSTATE and message of an ErrorResponse. Off the event loop.
 */
final class StatementDecoding {
    /** The tags whose last word counts rows ("INSERT 0 3", "SELECT 5", "COPY 10"). */
    private static final Set<String> COUNTING = Set.of("INSERT", "SELECT", "UPDATE", "DELETE", "MERGE", "FETCH",
            "MOVE", "COPY");
    private static final int MAX_TEXT = 4000;
    private static final int MAX_ERROR = 2000;

    private StatementDecoding() {
    }

    static String sql(byte[] text) {
        return new String(text, StandardCharsets.UTF_8);
    }

    /** The statement as the recording keeps it: literals replaced by ? unless capture is full; cut marked " …". */
    static String shown(String sql, boolean cut, CaptureMode mode) {
        String shown = mode == CaptureMode.FULL ? sql : SqlRedactor.redact(sql);
        if (cut) {
            shown += " …";
        }
        return shown.length() > MAX_TEXT ? shown.substring(0, MAX_TEXT - 2) + " …" : shown;
    }

    static String tag(byte[] tag) {
        return tag == null ? null : new String(tag, StandardCharsets.US_ASCII);
    }

    /** Rows from the tag when it counts them; else the DataRows sent (a suspended portal); else null. */
    static Long rows(String tag, long dataRows) {
        if (tag != null) {
            int space = tag.indexOf(' ');
            String verb = space < 0 ? tag : tag.substring(0, space);
            if (COUNTING.contains(verb)) {
                try {
                    return Long.parseLong(tag.substring(tag.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    return dataRows > 0 ? dataRows : null;
                }
            }
        }
        return dataRows > 0 ? dataRows : null;
    }

    /** An ErrorResponse's fields: [SQLSTATE, message]; either may be null when the body was cut before it. */
    static String[] error(byte[] body) {
        String sqlState = null;
        String message = null;
        int i = 0;
        while (i < body.length && body[i] != 0) {
            byte code = body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            String value = new String(body, i, end - i, StandardCharsets.UTF_8);
            if (code == 'C' && value.length() == 5) {
                sqlState = value;
            } else if (code == 'M') {
                message = value.length() > MAX_ERROR ? value.substring(0, MAX_ERROR) : value;
            }
            i = end + 1;
        }
        return new String[] {sqlState == null ? "XX000" : sqlState, message == null ? "" : message};
    }
}
