package io.rolegate.engine.api.model;

import java.util.List;
import java.util.Map;

/**
 * One line of a protocol trace: a message (or a run of DataRow or CopyData messages) with what a DBA reads in it.
 * {@link #toJson()} is the JSON Lines export's object, documented in src-docs (admin guide, "Protocol trace").
 *
 * @param seq     the line's number in the trace, from 1; gaps before the first kept line were dropped
 * @param nanos   when its first byte was seen, in nanoseconds since the trace started
 * @param from    "client" or "server"
 * @param type    the protocol's name of the message: "Parse", "RowDescription", …
 * @param count   messages in this line: 1, or the length of a DataRow/CopyData run
 * @param bytes   bytes on the wire, type byte and length word included (the whole run's)
 * @param summary one line for a table
 * @param fields  the decoded fields, by name (strings, numbers, lists of them); empty for messages without any
 */
public record TraceMessage(long seq, long nanos, String from, String type, int count, long bytes, String summary,
                           Map<String, Object> fields) {
    public TraceMessage {
        fields = fields == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** One JSON object on one line (no trailing newline). */
    public String toJson() {
        StringBuilder b = new StringBuilder(128 + summary.length());
        b.append("{\"seq\":").append(seq).append(",\"nanos\":").append(nanos).append(",\"from\":")
                .append(Json.quote(from)).append(",\"type\":").append(Json.quote(type)).append(",\"count\":")
                .append(count).append(",\"bytes\":").append(bytes);
        fields.forEach((k, v) -> {
            b.append(',').append(Json.quote(k)).append(':');
            value(b, v);
        });
        return b.append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                value(b, list.get(i));
            }
            b.append(']');
        } else {
            b.append(Json.quote(v == null ? null : v.toString()));
        }
    }
}
