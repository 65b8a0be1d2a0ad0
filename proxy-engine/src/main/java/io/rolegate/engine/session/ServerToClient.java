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
    /** A held error was cut off by the connection's end and dropped: the client's stream stopped at its start. */
    private boolean cutAtHeldError;

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
            hold.ask(words -> decided(words, () -> { }));
        } else {
            decided(java.util.Optional.empty(), () -> { });
        }
    }

    /**
     * The server connection of a directory session that was relaying ended without a word the client could read (a
     * reset, often what a terminated backend's close does while a statement is on its way; or a bare close): ask too
     * whether a revocation's sweep ended it before saying "lost the connection".
     */
    private boolean endedUnexplained() {
        return hold == null && session.state().isRelaying() && session.identity().directoryDn() != null
                && !session.outcome().goodbyeSaid() && scanner.clientMayHearProxy(); // else no word could reach it
    }

    /**
     * On the event loop: Rolegate's words when a revocation ended the backend; else the held bytes as they came, and
     * {@code otherwise}. Then what waited for it (the server connection's close).
     */
    private void decided(java.util.Optional<String> revocation, Runnable otherwise) {
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
            hold = null;
            ByteBuf held = h.release();
            if (held != null && scanner.errorOpen()) {
                held.release(); // an error cut off by the connection's end: half a message must not reach the client
                cutAtHeldError = true; // the client's stream stopped where it began: the proxy may speak there
            } else if (held != null) {
                session.client().writeAndFlush(held, session.client().voidPromise());
            }
            otherwise.run();
        }
        h.runAfterwards();
    }

    /** Runs {@code then} now, or once held words went their way (the server connection's close waits for them). */
    void afterServerWord(Runnable then) {
        if (endedUnexplained()) {
            hold = new ServerWordHold(session, null);
            hold.ask(words -> decided(words, () -> { }));
        }
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
        // held from a message's start
        return hold != null && hold.holdsBytes() || cutAtHeldError || scanner.clientMayHearProxy();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException && (hold != null || endedUnexplained())) {
            // a reset often follows a terminated backend's FATAL at once: the held words, or the question, decide
            if (hold == null) {
                hold = new ServerWordHold(session, null);
            }
            hold.ask(words -> decided(words, () -> Failures.upstream(session, cause))); // once: a first ask stands
            return;
        }
        Failures.upstream(session, cause);
    }
}
