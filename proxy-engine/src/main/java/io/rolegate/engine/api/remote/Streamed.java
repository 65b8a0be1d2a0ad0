package io.rolegate.engine.api.remote;

import java.io.Writer;

/**
 * An answer written as it is produced instead of one JSON value: JSON Lines ({@code application/x-ndjson}) and CSV
 * exports. The headers go out with the first character, so a refusal or a missing thing found
 * before anything is written is still an ordinary error answer (403, 404, 409).
 */
record Streamed(String contentType, Body body) {
    static final String JSON_LINES = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** Writes the answer; what it throws before its first character becomes the error answer. */
    interface Body {
        void writeTo(Writer out) throws Exception;
    }

    static Streamed jsonLines(Body body) {
        return new Streamed(JSON_LINES, body);
    }
}
