package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.ProtocolViolation;
import io.rolegate.engine.protocol.TypedMessage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Reads the client's PasswordMessage after the proxy asked for a cleartext password, hands it on as a char array
 * (so it can be wiped), and zeroes the bytes it came in. Anything but a PasswordMessage or Terminate is a protocol
 * violation.
 */
final class PasswordReader extends ChannelInboundHandlerAdapter {
    private final Session session;
    private final BiConsumer<ChannelHandlerContext, char[]> onPassword;

    PasswordReader(Session session, BiConsumer<ChannelHandlerContext, char[]> onPassword) {
        this.session = session;
        this.onPassword = onPassword;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        TypedMessage m = (TypedMessage) msg;
        try {
            if (m.type() == FrontendMessages.TERMINATE) {
                session.clientSaidGoodbye();
                ctx.close();
            } else if (m.type() != FrontendMessages.PASSWORD) {
                throw new ProtocolViolation("expected a password message, got message type '" + (char) m.type() + "'");
            } else {
                onPassword.accept(ctx, password(m.body()));
            }
        } finally {
            m.body().setZero(m.body().readerIndex(), m.body().readableBytes());
            m.release();
        }
    }

    private static char[] password(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolViolation("the password message is not terminated");
        }
        ByteBuffer bytes = body.nioBuffer(body.readerIndex(), end - body.readerIndex());
        CharBuffer chars = StandardCharsets.UTF_8.decode(bytes);
        char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.client(session, cause);
    }
}
