package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.EngineException;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Copies a streamed answer ({@link Streamed}) character for character, holding back its latest complete line until
 * the next one arrives: when the engine cut the answer it wrote one last line {@code {"kind":"error",…}} (see
 * {@code ApiDispatcher}), which becomes an exception here instead of the end of a file that looks whole.
 */
final class StreamedCopy {
    private static final String CUT = "{\"kind\":\"error\"";

    private StreamedCopy() {
    }

    static void copy(Reader in, Writer out) throws IOException {
        StringBuilder partial = new StringBuilder();
        String held = null;
        char[] buf = new char[1 << 14];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            partial.append(buf, 0, n);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                if (held != null) {
                    out.write(held);
                }
                held = partial.substring(0, nl + 1);
                partial.delete(0, nl + 1);
            }
        }
        if (held != null && held.startsWith(CUT)) {
            String message = ApiJson.tree(held).path("message").asText("the answer is incomplete");
            throw new EngineException(message);
        }
        if (held != null) {
            out.write(held);
        }
        out.write(partial.toString());
    }
}
