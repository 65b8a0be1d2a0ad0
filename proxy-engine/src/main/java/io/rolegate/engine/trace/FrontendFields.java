package io.rolegate.engine.trace;

/**
 * What a trace reads from the client's messages: statement text (kept as bytes, redacted when read), statement and
 * portal names, parameter counts and formats. Bind's parameter values are skipped by their length words, never read.
 */
final class FrontendFields extends BodyFields {
    private boolean lengthRead;
    private int valueLength;

    @Override
    void clear() {
        lengthRead = false;
        valueLength = 0;
    }

    @Override
    boolean wants(byte type) {
        return switch (type) {
            case 'Q', 'P', 'B', 'D', 'E', 'C', 'f' -> true;
            default -> false; // Sync, Flush, Terminate, CopyData, CopyDone; a password message is never opened
        };
    }

    @Override
    boolean feed(byte type, Cursor c) {
        return switch (type) {
            case 'Q' -> query(c);
            case 'P' -> parse(c);
            case 'B' -> bind(c);
            case 'D', 'C' -> target(c);
            case 'E' -> execute(c);
            case 'f' -> copyFail(c);
            default -> true;
        };
    }

    private boolean query(Cursor c) {
        if (!c.cstring(TEXT)) {
            return false;
        }
        put("text", c.takeStatement());
        return true;
    }

    @SuppressWarnings("fallthrough")
    private boolean parse(Cursor c) {
        switch (step) {
            case 0:
                if (!c.cstring(NAME)) {
                    return false;
                }
                put("statement", c.takeString());
                step++;
            case 1:
                if (!c.cstring(TEXT)) {
                    return false;
                }
                put("text", c.takeStatement());
                step++;
            case 2:
                if (!c.int16()) {
                    return false;
                }
                put("parameterTypes", c.takeNumber(true));
                step++;
            default:
                return true;
        }
    }

    @SuppressWarnings("fallthrough")
    private boolean bind(Cursor c) {
        switch (step) {
            case 0:
                if (!c.cstring(NAME)) {
                    return false;
                }
                put("portal", c.takeString());
                step++;
            case 1:
                if (!c.cstring(NAME)) {
                    return false;
                }
                put("statement", c.takeString());
                step++;
            case 2:
                if (!c.int16()) {
                    return false;
                }
                items(c.takeNumber(true));
                step++;
            case 3:
                if (!formats(c, "parameterFormats")) {
                    return false;
                }
                step++;
            case 4:
                if (!c.int16()) {
                    return false;
                }
                count = c.takeNumber(true);
                put("parameters", count);
                i = 0;
                step++;
            case 5:
                if (!skipValues(c)) {
                    return false;
                }
                step++;
            case 6:
                if (!c.int16()) {
                    return false;
                }
                items(c.takeNumber(true));
                step++;
            case 7:
                if (!formats(c, "resultFormats")) {
                    return false;
                }
                step++;
            default:
                return true;
        }
    }

    private boolean formats(Cursor c, String key) {
        while (i < count) {
            if (!c.int16()) {
                return false;
            }
            item(format(c.takeNumber(true)));
        }
        put(key, list);
        return true;
    }

    /** Each parameter value: its length word is read, its bytes skipped (-1 is NULL, no bytes). */
    private boolean skipValues(Cursor c) {
        while (i < count) {
            if (!lengthRead) {
                if (!c.int32()) {
                    return false;
                }
                valueLength = c.takeNumber(false);
                lengthRead = true;
            }
            if (valueLength > 0 && !c.skip(valueLength)) {
                return false;
            }
            lengthRead = false;
            i++;
        }
        return true;
    }

    /** Describe and Close: 'S' statement or 'P' portal, and its name. */
    @SuppressWarnings("fallthrough")
    private boolean target(Cursor c) {
        switch (step) {
            case 0:
                if (!c.int8()) {
                    return false;
                }
                put("kind", c.takeNumber(false) == 'P' ? "portal" : "statement");
                step++;
            case 1:
                if (!c.cstring(NAME)) {
                    return false;
                }
                put("name", c.takeString());
                step++;
            default:
                return true;
        }
    }

    @SuppressWarnings("fallthrough")
    private boolean execute(Cursor c) {
        switch (step) {
            case 0:
                if (!c.cstring(NAME)) {
                    return false;
                }
                put("portal", c.takeString());
                step++;
            case 1:
                if (!c.int32()) {
                    return false;
                }
                put("maxRows", c.takeNumber(false));
                step++;
            default:
                return true;
        }
    }

    private boolean copyFail(Cursor c) {
        if (!c.cstring(MESSAGE)) {
            return false;
        }
        put("message", c.takeString());
        return true;
    }
}
