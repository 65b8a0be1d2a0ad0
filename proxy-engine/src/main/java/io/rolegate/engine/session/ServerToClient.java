package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.rolegate.engine.telemetry.Direction;

/**
 * The relay of what the server sends, from ReadyForQuery on: each read goes to the client as it arrived, after
 * {@link ServerStream} has counted its messages and followed the session's state.
 */
final class ServerToClient extends Relay {
    private final ServerStream scanner;
    /** The server's last words held back from the client, or null (nearly always). */
    private ServerWordHold hold;

    ServerToClient(Session session) {
        super(session);
        this.scanner = new ServerStream(session);
    }

    @Override
    Channel peer() {
        return session.client();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        session.counters().bytes(Direction.OUT, buf.readableBytes());
        scanner.scan(buf);
        WireTap tap = session.tap; // the one read a session pays for protocol traces while none runs
        if (tap != null) {
            tap.fromServer(buf);
        }
        int errorAt = scanner.takeErrorStart();
        if (hold == null && errorAt < 0) {
            forward(ctx, session.client(), buf);
            return;
        }
        holdBack(ctx, buf, errorAt);
    }

    /**
     * A directory session's ErrorResponse began in this read, or words are held already: the bytes from the error
     * on wait until it is whole, and a FATAL 57P01 until the engine says whether a revocation ended the backend.
     */
    private void holdBack(ChannelHandlerContext ctx, ByteBuf buf, int errorAt) {
        if (hold == null) {
            if (!scanner.errorOpen() && !scanner.adminShutdown()) {
                forward(ctx, session.client(), buf); // a whole error, and not 57P01
                return;
            }
            int before = errorAt - buf.readerIndex();
            if (before > 0) {
                forward(ctx, session.client(), buf.retainedSlice(buf.readerIndex(), before));
            }
            buf.readerIndex(errorAt);
            hold = new ServerWordHold(session, buf);
        } else {
            hold.add(buf);
        }
        if (scanner.errorOpen()) {
            return; // the rest of the error is still to come
        }
        if (scanner.adminShutdown()) {
            hold.ask(this::decided);
        } else {
            sendHeld();
        }
    }

    /** On the event loop: Rolegate's words when a revocation ended the backend, else the server's as they came. */
    private void decided(java.util.Optional<String> revocation) {
        ServerWordHold h = hold;
        if (h == null) {
            return;
        }
        if (session.state().isEnding()) {
            hold = null;
            h.drop(); // this node ended it already, with its own words, or the client left
        } else if (revocation.isPresent()) {
            session.terminate(DisconnectReason.REVOKED, revocation.get()); // while held: the client may hear it
            hold = null;
            h.drop();
        } else {
            sendHeld();
        }
        h.runAfterwards();
    }

    private void sendHeld() {
        ServerWordHold h = hold;
        hold = null;
        session.client().writeAndFlush(h.release(), session.client().voidPromise());
        h.runAfterwards();
    }

    /** Runs {@code then} now, or once held words went their way (the server connection's close waits for them). */
    void afterServerWord(Runnable then) {
        if (hold == null) {
            then.run();
        } else {
            hold.afterwards(then);
        }
    }

    io.rolegate.engine.protocol.FrameScanner.Framing framing() {
        return scanner.framing();
    }

    /** Whether the proxy may put a message of its own into the stream to the client right now. */
    boolean clientMayHearProxy() {
        return hold != null || scanner.clientMayHearProxy(); // a hold begins where a server message did
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.upstream(session, cause);
    }
}
