package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The fields of an ErrorResponse or NoticeResponse body ('C' SQLSTATE, 'M' message, ...). */
public record ErrorFields(Map<Character, String> fields) {

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

    public String sqlState() {
        return fields.getOrDefault('C', "");
    }

    public String message() {
        return fields.getOrDefault('M', "");
    }

    public String severity() {
        return fields.getOrDefault('V', fields.getOrDefault('S', ""));
    }
}
