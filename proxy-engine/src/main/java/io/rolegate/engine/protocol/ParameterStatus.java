package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A ParameterStatus message's body: a run-time parameter the server reports, and its value. The one parser of
 * these bodies, whether whole (startup, kept connections) or as the first bytes the relay's scanner captured.
 */
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

    /**
     * The value of parameter {@code name} (ASCII, as all parameter names are) in the first {@code length} bytes of a
     * ParameterStatus body, or null when the body reports another parameter or is cut short. For the relay's
     * scanner: it allocates only when the name matches.
     */
    public static String valueIfNamed(String name, byte[] body, int length) {
        int n = name.length();
        if (length <= n || body[n] != 0) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (body[i] != (byte) name.charAt(i)) {
                return null;
            }
        }
        for (int i = n + 1; i < length; i++) {
            if (body[i] == 0) {
                return new String(body, n + 1, i - n - 1, StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
