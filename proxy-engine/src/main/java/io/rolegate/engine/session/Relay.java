package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What both directions of the byte relay share: each read's buffer is written to the other channel as it is (no
 * copy, no aggregation), flushed once per read burst. Backpressure: when the other side cannot take more, this side
 * stops reading until it can. The two directions are {@link ClientToServer} and {@link ServerToClient}; they enter a
 * pipeline only through {@link Relays#install}.
 */
abstract class Relay extends ChannelInboundHandlerAdapter {
    final Session session;

    Relay(Session session) {
        this.session = session;
    }

    /** The channel this relay writes to; null while there is none yet. */
    abstract Channel peer();

    /** Writes {@code buf} on to {@code peer}; stops reading this side when the peer's buffer is full. */
    static void forward(ChannelHandlerContext ctx, Channel peer, ByteBuf buf) {
        peer.write(buf, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        Channel peer = peer();
        if (peer != null) {
            peer.flush();
        }
    }

    /** This channel drained its outbound buffer: let the other side read again. */
    @Override
    public final void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel peer = peer();
        if (peer != null && ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
