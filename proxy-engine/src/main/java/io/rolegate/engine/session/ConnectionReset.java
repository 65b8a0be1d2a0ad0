package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.rolegate.engine.protocol.BackendMessage;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.ParameterStatus;
import io.rolegate.engine.protocol.ProtocolViolation;
import io.rolegate.engine.protocol.TransactionStatus;
import io.rolegate.engine.protocol.TypedMessage;
import io.rolegate.engine.protocol.TypedMessageDecoder;

import java.util.concurrent.TimeUnit;

/**
 * A server connection between two sessions: sends {@code DISCARD ALL} and, once the server answers with
 * CommandComplete and ReadyForQuery 'I', hands it to {@link KeptConnections}; then watches it while it waits.
 * ParameterStatus updates the parameters the next client will be shown; notices and notifications still in
 * flight are dropped; anything else (an error, the server ending the connection) closes it.
 */
final class ConnectionReset extends ChannelInboundHandlerAdapter {
    private static final String MESSAGES = "kept-messages";
    private static final String HANDLER = "kept";
    /** DISCARD ALL's answers are a few small messages; a big one means something else is going on. */
    private static final int MAX_MESSAGE = 64 * 1024;

    private final KeptConnections.Kept kept;
    private final KeptConnections pool;
    private ScheduledFuture<?> timeout;
    private boolean completed;
    private boolean waiting;

    private ConnectionReset(KeptConnections.Kept kept, KeptConnections pool) {
        this.kept = kept;
        this.pool = pool;
    }

    static void start(KeptConnections.Kept kept, KeptConnections pool, long timeoutMillis) {
        Channel ch = kept.channel;
        ConnectionReset reset = new ConnectionReset(kept, pool);
        ch.pipeline().addLast(MESSAGES, new TypedMessageDecoder(MAX_MESSAGE));
        ch.pipeline().addLast(HANDLER, reset);
        reset.timeout = ch.eventLoop().schedule(() -> close(ch), timeoutMillis, TimeUnit.MILLISECONDS);
        ch.config().setAutoRead(true);
        ch.writeAndFlush(FrontendMessages.query(ch.alloc(), "DISCARD ALL"));
    }

    /** Takes the pool's handlers off a connection a new session is about to relay. */
    static void detach(Channel ch) {
        if (ch.pipeline().get(HANDLER) != null) {
            ch.pipeline().remove(HANDLER);
        }
        if (ch.pipeline().get(MESSAGES) != null) {
            ch.pipeline().remove(MESSAGES);
        }
    }

    /** Says goodbye to the server the way a client would, then closes. */
    static void close(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(FrontendMessages.terminate(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        TypedMessage m = (TypedMessage) msg;
        try {
            BackendMessage type = BackendMessage.find(m.type());
            if (type == null) {
                giveUp(ctx);
                return;
            }
            switch (type) {
                case PARAMETER_STATUS -> parameterStatus(m.body());
                case NOTICE_RESPONSE, NOTIFICATION_RESPONSE -> {
                    // a notice about the reset, or a notification sent before UNLISTEN took effect: no one to tell
                }
                case COMMAND_COMPLETE -> {
                    if (waiting) {
                        giveUp(ctx);
                    } else {
                        completed = true;
                    }
                }
                case READY_FOR_QUERY -> readyForQuery(ctx, m.body());
                default -> giveUp(ctx);
            }
        } finally {
            m.release();
        }
    }

    private void parameterStatus(ByteBuf body) {
        ParameterStatus p = ParameterStatus.parse(body);
        kept.parameters.put(p.name(), p.value());
    }

    private void readyForQuery(ChannelHandlerContext ctx, ByteBuf body) {
        TransactionStatus status;
        try {
            status = TransactionStatus.of(body);
        } catch (ProtocolViolation e) {
            giveUp(ctx);
            return;
        }
        if (waiting || !completed || status != TransactionStatus.IDLE) {
            giveUp(ctx);
            return;
        }
        waiting = true;
        timeout.cancel(false);
        pool.resetDone(kept);
    }

    private void giveUp(ChannelHandlerContext ctx) {
        timeout.cancel(false);
        pool.remove(kept);
        close(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeout.cancel(false);
        pool.remove(kept);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        giveUp(ctx);
    }
}
