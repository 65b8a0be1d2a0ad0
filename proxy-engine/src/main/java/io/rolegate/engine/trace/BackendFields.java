package io.rolegate.engine.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trace reads from the server's messages: result columns (names and types, never values), command tags,
 * errors and notices (severity, SQLSTATE, message — not DETAIL or the rest, which can quote row data), parameter
 * status, transaction status, COPY formats. A DataRow gives its column count only.
 */
final class BackendFields extends BodyFields {
    private int code;
    private boolean severityFromV;
    private List<Object> names;
    private List<Object> types;

    @Override
    void clear() {
        code = 0;
        severityFromV = false;
        names = null;
        types = null;
    }

    @Override
    boolean wants(byte type) {
        return switch (type) {
            case 'T', 'D', 'C', 'E', 'N', 'S', 'Z', 't', 'G', 'H', 'W', 'A' -> true;
            default -> false; // BackendKeyData and Authentication are never opened
        };
    }

    @Override
    boolean feed(byte type, Cursor c) {
        return switch (type) {
            case 'T' -> rowDescription(c);
            case 'D' -> count(c, "columns");
            case 't' -> count(c, "parameters");
            case 'C' -> string(c, "tag", NAME);
            case 'E', 'N' -> errorFields(c);
            case 'S' -> parameterStatus(c);
            case 'Z' -> readyForQuery(c);
            case 'G', 'H', 'W' -> copyResponse(c);
            case 'A' -> notification(c);
            default -> true;
        };
    }

    private boolean count(Cursor c, String key) {
        if (!c.int16()) {
            return false;
        }
        put(key, c.takeNumber(true));
        return true;
    }

    private boolean string(Cursor c, String key, int keep) {
        if (!c.cstring(keep)) {
            return false;
        }
        put(key, c.takeString());
        return true;
    }

    /** Per column: name, table oid (4), attnum (2), type oid (4), typlen (2), typmod (4), format (2). */
    @SuppressWarnings("fallthrough")
    private boolean rowDescription(Cursor c) {
        if (step == 0) {
            if (!c.int16()) {
                return false;
            }
            count = c.takeNumber(true);
            i = 0;
            put("columns", count);
            names = new ArrayList<>(Math.max(0, Math.min(count, ITEMS)));
            types = new ArrayList<>(Math.max(0, Math.min(count, ITEMS)));
            put("names", names);
            put("types", types);
            step = 1;
        }
        while (i < count && i < ITEMS) {
            switch (step) {
                case 1:
                    if (!c.cstring(NAME)) {
                        return false;
                    }
                    names.add(c.takeString());
                    step++;
                case 2:
                    if (!c.skip(6)) {
                        return false;
                    }
                    step++;
                case 3:
                    if (!c.int32()) {
                        return false;
                    }
                    types.add(TypeNames.of(c.takeNumber(false)));
                    step++;
                default:
                    if (!c.skip(8)) {
                        return false;
                    }
                    step = 1;
                    i++;
            }
        }
        return true;
    }

    /** Field code, then its text, until a zero code. */
    private boolean errorFields(Cursor c) {
        while (true) {
            if (step == 0) {
                if (!c.int8()) {
                    return false;
                }
                code = c.takeNumber(false);
                if (code == 0) {
                    return true;
                }
                step = 1;
            }
            boolean kept = code == 'S' || code == 'V' || code == 'C' || code == 'M';
            if (!c.cstring(kept ? (code == 'M' ? MESSAGE : NAME) : 0)) {
                return false;
            }
            String value = c.takeString();
            switch (code) {
                case 'V' -> {
                    put("severity", value);
                    severityFromV = true;
                }
                case 'S' -> {
                    if (!severityFromV) {
                        put("severity", value);
                    }
                }
                case 'C' -> put("sqlstate", value);
                case 'M' -> put("message", value);
                default -> {
                    // DETAIL, HINT, WHERE, names of the table and column, position: not kept (DETAIL quotes data)
                }
            }
            step = 0;
        }
    }

    @SuppressWarnings("fallthrough")
    private boolean parameterStatus(Cursor c) {
        switch (step) {
            case 0:
                if (!string(c, "name", NAME)) {
                    return false;
                }
                step++;
            case 1:
                if (!string(c, "value", NAME)) {
                    return false;
                }
                step++;
            default:
                return true;
        }
    }

    private boolean readyForQuery(Cursor c) {
        if (!c.int8()) {
            return false;
        }
        int status = c.takeNumber(false);
        put("status", switch (status) {
            case 'I' -> "idle";
            case 'T' -> "in transaction";
            case 'E' -> "failed transaction";
            default -> "status " + (char) status;
        });
        return true;
    }

    @SuppressWarnings("fallthrough")
    private boolean copyResponse(Cursor c) {
        switch (step) {
            case 0:
                if (!c.int8()) {
                    return false;
                }
                put("format", format(c.takeNumber(false)));
                step++;
            case 1:
                if (!count(c, "columns")) {
                    return false;
                }
                step++;
            default:
                return true;
        }
    }

    /** The backend pid (skipped) and the channel; the payload is not kept (applications put data there). */
    @SuppressWarnings("fallthrough")
    private boolean notification(Cursor c) {
        switch (step) {
            case 0:
                if (!c.skip(4)) {
                    return false;
                }
                step++;
            case 1:
                if (!string(c, "channel", NAME)) {
                    return false;
                }
                step++;
            default:
                return true;
        }
    }
}
