package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rolegate.engine.protocol.FrameScanner;
import io.rolegate.engine.telemetry.Direction;

import java.util.ArrayDeque;

/**
 * Forwards bytes from one channel of a session to the other as they arrive: the same buffer is written on
 * (no copy, no aggregation), flushed once per read burst. A {@link FrameScanner} reads only message headers for
 * telemetry and state. Backpressure: when the other side cannot take more, this side stops reading until it can.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final int TERMINATE_LENGTH = 5;

    private final Session session;
    private final boolean fromClient;
    private final FrameScanner scanner;
    private ArrayDeque<ByteBuf> queued;

    private RelayHandler(Session session, boolean fromClient) {
        this.session = session;
        this.fromClient = fromClient;
        this.scanner = fromClient ? new ClientStream(session) : new ServerStream(session);
    }

    static RelayHandler fromClient(Session session) {
        return new RelayHandler(session, true);
    }

    static RelayHandler toClient(Session session) {
        return new RelayHandler(session, false);
    }

    private Channel peer() {
        return fromClient ? session.upstream() : session.client();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (fromClient && !session.acceptsClientInput()) {
            buf.release(); // the session is ending; what the client still sends goes nowhere
            return;
        }
        session.counters().bytes(fromClient ? Direction.IN : Direction.OUT, buf.readableBytes());
        scanner.scan(buf);
        if (fromClient && session.keepsServerConnection() && !holdBackTerminate(buf)) {
            return;
        }
        Channel peer = peer();
        if (peer == null) {
            // Only before the upstream connection exists (a client pipelining right after its StartupMessage).
            if (queued == null) {
                queued = new ArrayDeque<>();
            }
            queued.add(buf);
            return;
        }
        peer.write(buf, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * The client said Terminate and its server connection is to be kept: the Terminate, the last five bytes, stays
     * here. False when nothing is left to forward (the buffer is released). Anything but a Terminate at the very
     * end means the client is still talking: the connection is then not kept.
     */
    private boolean holdBackTerminate(ByteBuf buf) {
        if (!((ClientStream) scanner).endsWithTerminate() || buf.readableBytes() < TERMINATE_LENGTH) {
            session.dontKeepServerConnection();
            return true;
        }
        buf.writerIndex(buf.writerIndex() - TERMINATE_LENGTH);
        if (buf.isReadable()) {
            return true;
        }
        buf.release();
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel peer = peer();
        if (peer != null) {
            peer.flush();
        }
    }

    /** Writes what arrived before the upstream connection existed. */
    void flushQueued(Channel upstream) {
        if (queued != null) {
            for (ByteBuf b : queued) {
                upstream.write(b, upstream.voidPromise());
            }
            queued = null;
        }
    }

    /** This channel drained its outbound buffer: let the other side read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel peer = peer();
        if (peer != null && ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
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
        if (fromClient) {
            Failures.client(session, cause);
        } else {
            Failures.upstream(session, cause);
        }
    }

    /** Whether the proxy may put a message of its own into the stream to the client right now. */
    boolean clientMayHearProxy() {
        return !fromClient && ((ServerStream) scanner).clientMayHearProxy();
    }
}
