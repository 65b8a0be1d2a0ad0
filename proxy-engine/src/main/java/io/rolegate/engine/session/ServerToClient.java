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
        forward(ctx, session.client(), buf);
    }

    io.rolegate.engine.protocol.FrameScanner.Framing framing() {
        return scanner.framing();
    }

    /** Whether the proxy may put a message of its own into the stream to the client right now. */
    boolean clientMayHearProxy() {
        return scanner.clientMayHearProxy();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.upstream(session, cause);
    }
}
