package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.rolegate.engine.protocol.FrameScanner;

/**
 * Sees a session's relayed bytes, both directions, for a protocol trace. Attached and detached on the session's
 * event loop ({@link Session#attachTap}); the relay reads one field per read to learn whether one is attached, so
 * a session without a tap pays nothing else. Every method runs on the event loop: never block, never keep or
 * release the buffer, never move its indices.
 */
public interface WireTap {
    /**
     * Attached: the relay's scanners stand at {@code client} and {@code server} in their streams (a message may
     * be half through); the next bytes this tap sees follow on from there.
     */
    void attached(FrameScanner.Framing client, FrameScanner.Framing server);

    /** A read from the client, about to go to the server. */
    void fromClient(ByteBuf buf);

    /** A read from the server, about to go to the client. */
    void fromServer(ByteBuf buf);

    /** The session ended (the tap is already detached). */
    void sessionEnded();
}
