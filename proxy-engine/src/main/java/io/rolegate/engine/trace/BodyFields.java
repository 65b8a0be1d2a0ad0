package io.rolegate.engine.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a trace decodes from one direction's messages, read through a {@link Cursor} as the body passes. A
 * decoding method is re-entered with each chunk and goes on from {@link #step}; it returns true once it has what it
 * wants (the rest of the body is skipped). Only the fields named in the trace's documentation are kept: never a
 * parameter value, a row value or COPY data.
 */
abstract class BodyFields {
    /** Statement text kept per message (the redaction sees at most this much). */
    static final int TEXT = 4096;
    /** A statement or portal name, a tag, a parameter name. */
    static final int NAME = 128;
    /** An error message. */
    static final int MESSAGE = 1024;
    /** Per-item lists (formats, columns) keep this many items; the count is always whole. */
    static final int ITEMS = 100;

    int step;
    int i;
    int count;
    List<Object> list;
    private Map<String, Object> fields;

    /** Whether messages of {@code type} have fields to decode (otherwise type and length are all). */
    abstract boolean wants(byte type);

    /** Reads on through this chunk; true when every wanted field is read. */
    abstract boolean feed(byte type, Cursor c);

    /** A message of {@code type} begins: true when its body is to be decoded. */
    final boolean begin(byte type) {
        step = 0;
        i = 0;
        count = 0;
        list = null;
        fields = null;
        clear();
        return wants(type);
    }

    /** Forgets what a subclass keeps between chunks. */
    void clear() {
    }

    /** The fields decoded from the message that just ended (null when none). */
    final Map<String, Object> take() {
        Map<String, Object> f = fields;
        fields = null;
        return f;
    }

    final void put(String key, Object value) {
        if (fields == null) {
            fields = new LinkedHashMap<>();
        }
        fields.put(key, value);
    }

    /** Starts a list of {@code n} items (of which {@link #ITEMS} are kept). */
    final void items(int n) {
        count = n;
        i = 0;
        list = new ArrayList<>(Math.max(0, Math.min(n, ITEMS)));
    }

    final void item(Object o) {
        if (i < ITEMS) {
            list.add(o);
        }
        i++;
    }

    static String format(int code) {
        return code == 0 ? "text" : code == 1 ? "binary" : "format " + code;
    }
}
