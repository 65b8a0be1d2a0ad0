package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

/** What a client writes, byte for byte, built by hand: the scripted frontend peer of the protocol tests. */
final class ClientMessages {
    private ClientMessages() {
    }

    /** A StartupMessage for protocol 3.{@code minor} with name/value pairs. */
    static Wire startup(int minor, String... pairs) {
        Wire w = Wire.untyped().int32((3 << 16) | minor);
        for (String s : pairs) {
            w.cString(s);
        }
        return w.byte1(0);
    }

    static ByteBuf sslRequest() {
        return Wire.untyped().int32(StartupCodes.SSL_REQUEST).buf();
    }

    static ByteBuf gssEncRequest() {
        return Wire.untyped().int32(StartupCodes.GSSENC_REQUEST).buf();
    }

    static ByteBuf cancelRequest(int pid, byte[] key) {
        return Wire.untyped().int32(StartupCodes.CANCEL_REQUEST).int32(pid).bytes(key).buf();
    }

    static ByteBuf password(String cleartext) {
        return Wire.typed('p').cString(cleartext).buf();
    }

    static ByteBuf saslInitialResponse(String mechanism, String clientFirst) {
        return Wire.typed('p').cString(mechanism).int32(clientFirst.length()).text(clientFirst).buf();
    }

    static ByteBuf saslResponse(String clientFinal) {
        return Wire.typed('p').text(clientFinal).buf();
    }

    static ByteBuf terminate() {
        return Wire.typed('X').buf();
    }
}
