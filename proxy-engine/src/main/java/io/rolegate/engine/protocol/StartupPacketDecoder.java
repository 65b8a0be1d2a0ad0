package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the body of one startup-phase packet (the length word already consumed and checked by the caller).
 * Pure: no channel, no state. Every malformed input ends in {@link ProtocolViolation}, never another exception.
 */
public final class StartupPacketDecoder {
    private static final int MAX_CANCEL_KEY = 256;

    private StartupPacketDecoder() {
    }

    /** @param body the packet after its length word: the 4-byte code, then the payload. Not retained. */
    public static StartupPacket decode(ByteBuf body) {
        if (body.readableBytes() < 4) {
            throw new ProtocolViolation("startup packet too short");
        }
        int code = body.readInt();
        switch (code) {
            case StartupCodes.SSL_REQUEST:
                requireEmpty(body, "SSLRequest");
                return new StartupPacket.SslRequest();
            case StartupCodes.GSSENC_REQUEST:
                requireEmpty(body, "GSSENCRequest");
                return new StartupPacket.GssEncRequest();
            case StartupCodes.CANCEL_REQUEST:
                return cancel(body);
            default:
                return startup(code, body);
        }
    }

    private static void requireEmpty(ByteBuf body, String what) {
        if (body.isReadable()) {
            throw new ProtocolViolation(what + " has " + body.readableBytes() + " unexpected trailing bytes");
        }
    }

    private static StartupPacket cancel(ByteBuf body) {
        if (body.readableBytes() < 8 || body.readableBytes() > 4 + MAX_CANCEL_KEY) {
            throw new ProtocolViolation("CancelRequest has an invalid length");
        }
        int pid = body.readInt();
        byte[] key = new byte[body.readableBytes()];
        body.readBytes(key);
        return new StartupPacket.CancelRequest(pid, key);
    }

    private static StartupPacket startup(int version, ByteBuf body) {
        int major = version >>> 16;
        int minor = version & 0xFFFF;
        if (major != 3) {
            throw new ProtocolViolation("unsupported frontend protocol " + major + "." + minor
                    + ": the proxy supports protocol 3.0");
        }
        Map<String, String> params = new LinkedHashMap<>();
        List<String> options = new ArrayList<>();
        while (true) {
            String name = cString(body);
            if (name.isEmpty()) {
                break;
            }
            String value = cString(body);
            if (name.startsWith("_pq_.")) {
                options.add(name);
            } else if (params.putIfAbsent(name, value) != null) {
                throw new ProtocolViolation("startup parameter \"" + name + "\" given twice");
            }
        }
        if (body.isReadable()) {
            throw new ProtocolViolation("startup packet has bytes after its terminator");
        }
        return new StartupPacket.StartupMessage(major, minor, params, options);
    }

    private static String cString(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolViolation("startup packet is not terminated");
        }
        String s = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
        body.readerIndex(end + 1);
        return s;
    }
}
