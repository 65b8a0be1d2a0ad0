package io.rolegate.engine.trace;

import io.rolegate.engine.api.model.TraceMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line as the trace keeps it: statement text still as the client's bytes. {@link #shown} turns it into what a
 * reader gets, off the event loop.
 */
record TraceEntry(long seq, long nanos, boolean fromClient, byte type, int count, long bytes,
                  Map<String, Object> fields) {
    private static final int LINE = 96;

    /** Roughly what the line takes in memory, for the trace's byte bound. */
    int cost() {
        int c = 96;
        if (fields != null) {
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                c += 48 + cost(f.getValue());
            }
        }
        return c;
    }

    private static int cost(Object v) {
        if (v instanceof String s) {
            return 40 + s.length() * 2;
        }
        if (v instanceof StatementText t) {
            return 40 + t.size();
        }
        if (v instanceof List<?> l) {
            int c = 40;
            for (Object o : l) {
                c += 8 + cost(o);
            }
            return c;
        }
        return 16;
    }

    TraceMessage shown(boolean wholeStatements) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> out.put(k, v instanceof StatementText t ? t.shown(wholeStatements)
                    : v instanceof List<?> l ? List.copyOf(new ArrayList<>(l)) : v));
        }
        String name = MessageNames.of(fromClient, type);
        return new TraceMessage(seq, nanos, fromClient ? "client" : "server", name, count, bytes,
                Summaries.of(name, count, bytes, out, LINE), out);
    }
}
