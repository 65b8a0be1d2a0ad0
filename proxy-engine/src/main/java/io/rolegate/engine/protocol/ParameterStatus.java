package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** A ParameterStatus message's body: a run-time parameter the server reports, and its value. */
public record ParameterStatus(String name, String value) {

    /** Reads {@code body} without moving its reader index. */
    public static ParameterStatus parse(ByteBuf body) {
        int start = body.readerIndex();
        int nameEnd = body.indexOf(start, body.writerIndex(), (byte) 0);
        int valueEnd = nameEnd < 0 ? -1 : body.indexOf(nameEnd + 1, body.writerIndex(), (byte) 0);
        if (valueEnd < 0) {
            throw new ProtocolViolation("ParameterStatus without its terminating zeros");
        }
        return new ParameterStatus(body.toString(start, nameEnd - start, StandardCharsets.UTF_8),
                body.toString(nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
    }
}
