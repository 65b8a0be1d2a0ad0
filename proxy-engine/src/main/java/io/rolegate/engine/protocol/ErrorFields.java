package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse body ('C' SQLSTATE, 'M' message, ...). */
public record ErrorFields(Map<Character, String> fields) {
    /** Localized severity (ERROR, FATAL, WARNING, NOTICE, ... in the server's language). */
    public static final byte SEVERITY = 'S';
    /** Severity never translated (PostgreSQL 9.6 and later). */
    public static final byte SEVERITY_NOT_LOCALIZED = 'V';
    public static final byte SQLSTATE = 'C';
    public static final byte MESSAGE = 'M';
    public static final byte DETAIL = 'D';
    public static final byte HINT = 'H';

    /** Parses a body without moving its reader index; a malformed tail is ignored (this is for reading, not relaying). */
    public static ErrorFields parse(ByteBuf body) {
        Map<Character, String> fields = new HashMap<>();
        int i = body.readerIndex();
        int end = body.writerIndex();
        while (i < end) {
            byte code = body.getByte(i);
            if (code == 0) {
                break;
            }
            int zero = body.indexOf(i + 1, end, (byte) 0);
            if (zero < 0) {
                break;
            }
            fields.put((char) code, body.toString(i + 1, zero - i - 1, StandardCharsets.UTF_8));
            i = zero + 1;
        }
        return new ErrorFields(Map.copyOf(fields));
    }

    /**
     * Whether the first {@code length} bytes of an ErrorResponse body say FATAL (the never-translated severity, else
     * the localized one) and carry {@code sqlState}. Reads the bytes in place: no allocation, for the relay.
     */
    public static boolean isFatal(byte[] body, int length, String sqlState) {
        boolean fatal = false;
        boolean localizedFatal = false;
        boolean unlocalized = false;
        boolean code = false;
        int i = 0;
        while (i < length && body[i] != 0) {
            byte field = body[i];
            int from = i + 1;
            int zero = from;
            while (zero < length && body[zero] != 0) {
                zero++;
            }
            if (zero >= length) {
                break; // cut off by the caller's capture limit
            }
            if (field == SEVERITY_NOT_LOCALIZED) {
                unlocalized = true;
                fatal = equalsAscii(body, from, zero, "FATAL");
            } else if (field == SEVERITY) {
                localizedFatal = equalsAscii(body, from, zero, "FATAL");
            } else if (field == SQLSTATE) {
                code = equalsAscii(body, from, zero, sqlState);
            }
            i = zero + 1;
        }
        return code && (unlocalized ? fatal : localizedFatal);
    }

    private static boolean equalsAscii(byte[] body, int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int k = 0; k < expected.length(); k++) {
            if (body[from + k] != expected.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    public String sqlState() {
        return field(SQLSTATE);
    }

    public String message() {
        return field(MESSAGE);
    }

    public String severity() {
        return fields.getOrDefault((char) SEVERITY_NOT_LOCALIZED, field(SEVERITY));
    }

    public String detail() {
        return field(DETAIL);
    }

    public String hint() {
        return field(HINT);
    }

    /** A field's value, or "" when the message does not carry it. */
    public String field(byte code) {
        return fields.getOrDefault((char) code, "");
    }
}
