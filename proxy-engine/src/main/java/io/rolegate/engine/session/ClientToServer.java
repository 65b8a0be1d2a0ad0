package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.rolegate.engine.telemetry.Direction;

import java.util.ArrayDeque;

/**
 * The relay of what the client sends: each read goes to the server connection as it arrived, after
 * {@link ClientStream} has counted its messages and noted its statements. Installed when authentication begins, so
 * bytes a client pipelines before the server connection exists wait here until it does.
 */
final class ClientToServer extends Relay {
    private static final int TERMINATE_LENGTH = 5;

    private final ServerLink server;
    private final ClientStream scanner;
    private ArrayDeque<ByteBuf> queued;

    ClientToServer(Session session) {
        super(session);
        this.server = session.server();
        this.scanner = new ClientStream(session);
    }

    @Override
    Channel peer() {
        return server.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (!session.acceptsClientInput()) {
            buf.release(); // the session is ending; what the client still sends goes nowhere
            return;
        }
        session.counters().bytes(Direction.IN, buf.readableBytes());
        scanner.scan(buf);
        WireTap tap = session.tap; // the one read a session pays for protocol traces while none runs
        if (tap != null) {
            tap.fromClient(buf);
        }
        if (server.keeping() && !holdBackTerminate(buf)) {
            return;
        }
        Channel upstream = server.channel();
        if (upstream == null) {
            // Only before the server connection exists (a client pipelining right after its StartupMessage).
            if (queued == null) {
                queued = new ArrayDeque<>();
            }
            queued.add(buf);
            return;
        }
        forward(ctx, upstream, buf);
    }

    /**
     * The client said Terminate and its server connection is to be kept: the Terminate, the last five bytes, stays
     * here. False when nothing is left to forward (the buffer is released). Anything but a Terminate at the very
     * end means the client is still talking: the connection is then not kept.
     */
    private boolean holdBackTerminate(ByteBuf buf) {
        if (!scanner.endsWithTerminate() || buf.readableBytes() < TERMINATE_LENGTH) {
            server.dontKeep();
            return true;
        }
        buf.writerIndex(buf.writerIndex() - TERMINATE_LENGTH);
        if (buf.isReadable()) {
            return true;
        }
        buf.release();
        return false;
    }

    io.rolegate.engine.protocol.FrameScanner.Framing framing() {
        return scanner.framing();
    }

    /** Writes what arrived before the server connection existed. */
    void flushQueued(Channel upstream) {
        if (queued != null) {
            for (ByteBuf b : queued) {
                upstream.write(b, upstream.voidPromise());
            }
            queued = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (queued != null) {
            queued.forEach(ByteBuf::release);
            queued = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.client(session, cause);
    }
}
