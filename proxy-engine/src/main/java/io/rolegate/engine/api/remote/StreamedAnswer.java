package io.rolegate.engine.api.remote;

import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The writer a {@link Streamed} answer writes to: the status line and headers (200, chunked) go out before its first
 * character, not before, so the dispatcher can still answer an error when the body fails before writing anything.
 */
final class StreamedAnswer extends Writer {
    private final HttpExchange exchange;
    private final String contentType;
    private Writer out;

    StreamedAnswer(HttpExchange exchange, String contentType) {
        this.exchange = exchange;
        this.contentType = contentType;
    }

    boolean started() {
        return out != null;
    }

    private Writer out() throws IOException {
        if (out == null) {
            exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            out = new BufferedWriter(new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8),
                    1 << 16);
        }
        return out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        out().write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        out().write(s, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Ends the answer (an empty one when nothing was written). */
    @Override
    public void close() throws IOException {
        out().close();
    }
}
