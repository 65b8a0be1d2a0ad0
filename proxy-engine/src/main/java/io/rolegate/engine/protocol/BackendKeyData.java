package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The server's cancel key for one connection: its process id and a secret of 4 bytes (protocol 3.0) or up to 256
 * (protocol 3.2). The real one stays in the proxy; the client is given one the proxy issued.
 */
public record BackendKeyData(int processId, byte[] secretKey) {
    public static final int MIN_KEY = 4;
    public static final int MAX_KEY = 256;

    /** Reads a BackendKeyData body, moving its reader index to the end. */
    public static BackendKeyData decode(ByteBuf body) {
        int keyLength = body.readableBytes() - 4;
        if (keyLength < MIN_KEY || keyLength > MAX_KEY) {
            throw new ProtocolViolation("BackendKeyData body of " + body.readableBytes() + " bytes: expected a process"
                    + " id and a key of " + MIN_KEY + " to " + MAX_KEY + " bytes");
        }
        int pid = body.readInt();
        byte[] key = new byte[keyLength];
        body.readBytes(key);
        return new BackendKeyData(pid, key);
    }
}
