package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.protocol.StartupCodes;

import java.util.List;

/**
 * PostgreSQL 17 direct SSL: a client may open with a TLS ClientHello instead of SSLRequest. One byte tells which;
 * on 0x16 this handler replaces itself with the TLS handler (which receives the buffered bytes), otherwise it
 * removes itself and the startup decoder sees the bytes.
 */
final class DirectTlsSniffer extends ByteToMessageDecoder {
    private final Session session;

    DirectTlsSniffer(Session session) {
        this.session = session;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.getByte(in.readerIndex()) == StartupCodes.TLS_HANDSHAKE_RECORD) {
            SslHandler ssl = session.context().newClientTlsHandler(ctx.alloc());
            ctx.pipeline().replace(this, "tls", ssl);
            ClientTls.watchHandshake(session, ssl, true);
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
