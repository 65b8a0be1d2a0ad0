package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

/** What a server writes, byte for byte, built by hand: the scripted backend peer of the protocol tests. */
final class ServerMessages {
    private ServerMessages() {
    }

    static Wire authentication(int code) {
        return Wire.typed('R').int32(code);
    }

    static ByteBuf authenticationSasl(String... mechanisms) {
        Wire w = authentication(10);
        for (String m : mechanisms) {
            w.cString(m);
        }
        return w.byte1(0).buf();
    }

    static ByteBuf backendKeyData(int pid, byte[] key) {
        return Wire.typed('K').int32(pid).bytes(key).buf();
    }

    static ByteBuf parameterStatus(String name, String value) {
        return Wire.typed('S').cString(name).cString(value).buf();
    }

    static ByteBuf readyForQuery(char status) {
        return Wire.typed('Z').byte1(status).buf();
    }

    /** An ErrorResponse ('E') or NoticeResponse ('N') with code/value pairs, e.g. {@code "C", "28P01"}. */
    static ByteBuf fields(char type, String... codeValuePairs) {
        Wire w = Wire.typed(type);
        for (int i = 0; i < codeValuePairs.length; i += 2) {
            w.byte1(codeValuePairs[i].charAt(0)).cString(codeValuePairs[i + 1]);
        }
        return w.byte1(0).buf();
    }
}
